// Coroutines, resumable runs (pause and resume give the fast form's results) and the budget hook.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { run, newState } from './core-helpers';
import { LuaError } from '../../src/lua/value';
import { LuaUncatchableError } from '../../src/lua/runtime';

test('coroutines: resume/yield values, nested yields, status, wrap, errors', () => {
  assert.equal(run(`
    local co = coroutine.create(function(a, b)
      local function deep(x) return coroutine.yield(x * 2) end
      local c = deep(a + b)
      local d, e = coroutine.yield(c)
      return d + e
    end)
    print(coroutine.resume(co, 1, 2))
    print(coroutine.resume(co, 10))
    print(coroutine.status(co), coroutine.resume(co, 3, 4))
    print(coroutine.status(co), coroutine.resume(co))
    local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
    print(gen(), gen(), gen())
    print(coroutine.resume(coroutine.create(function() error("oops") end)))
    print(coroutine.running())
    local co2
    co2 = coroutine.create(function() print(coroutine.status(co2), coroutine.running() == co2) end)
    coroutine.resume(co2)
    print(coroutine.resume(coroutine.create(function() pcall(function() coroutine.yield(1) end) return "done" end)))
    print(pcall(coroutine.yield))
    local mt = {__index = function() return coroutine.yield(1) end}
    print(coroutine.resume(coroutine.create(function() return setmetatable({}, mt).x end)))
  `, '=t'), 'true\t6\ntrue\t10\nsuspended\ttrue\t7\ndead\tfalse\tcannot resume dead coroutine\n1\t2\t3\n'
    + 'false\tt:14: oops\nnil\nrunning\ttrue\ntrue\tdone\n'
    + 'false\tattempt to yield across metamethod/C-call boundary\nfalse\tattempt to yield across metamethod/C-call boundary\n');
});

const PROGRAM = `
  local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
  local t = {}
  for i = 1, 200 do t[i] = fib(i % 15) end
  local co = coroutine.wrap(function() for i = 1, 5 do coroutine.yield(i * i) end end)
  local s = 0
  for i = 1, 5 do s = s + co() end
  local ok, err = pcall(function() local x = nil; return x.y end)
  local acc = {}
  for k, v in pairs({a = 1, b = 2}) do acc[#acc + 1] = k .. v end
  table.sort(acc)
  return #t, t[200], s, ok, err, table.concat(acc, ","), fib(20)
`;

test('resumable runs give the same results as the fast form, across many pauses', () => {
  const { L } = newState();
  const fast = L.call(L.load(PROGRAM, '=p'));
  const { L: L2 } = newState();
  const r = L2.runResumable(L2.load(PROGRAM, '=p'), []);
  let steps = 0;
  let res;
  for (;;) {
    res = r.step(0); // a zero slice pauses at every chance
    steps++;
    if (res.done) break;
  }
  assert.ok(steps > 10, `expected many pauses, got ${steps}`);
  assert.deepEqual(res.values, fast);
  assert.equal(r.finished, true);
});

test('a pause inside pcall and inside a coroutine resumes correctly', () => {
  const src = `
    local function spin(n) local s = 0 for i = 1, n do s = s + i end return s end
    local ok, v = pcall(spin, 100000)
    local co = coroutine.create(function(a) local x = spin(a); local b = coroutine.yield(x); return b + spin(10) end)
    local _, y = coroutine.resume(co, 50000)
    local _, z = coroutine.resume(co, 1)
    return ok, v, y, z
  `;
  const { L } = newState();
  const r = L.runResumable(L.load(src, '=p'), []);
  let res;
  let pauses = 0;
  while (!(res = r.step(0)).done) pauses++;
  assert.ok(pauses > 5);
  assert.deepEqual(res.values, [true, 5000050000, 1250025000, 56]);
});

// Corpus programs whose stack-level functions (getfenv/setfenv and getlocal by level) must
// see the same frames in the resumable form, where every function runs as a generator: run
// with a pause at every chance, their output must still be lua5.1's (the recorded golden).
for (const [topic, name] of [['env', 'fenv_coroutines'], ['env', 'setfenv_levels'], ['debug', 'getlocal_levels']]) {
  test(`resumable run of corpus ${topic}/${name}.lua prints what lua5.1 printed`, () => {
    const root = process.cwd();
    const source = fs.readFileSync(path.join(root, 'test', 'lua', 'corpus', topic, `${name}.lua`), 'latin1');
    const golden = JSON.parse(fs.readFileSync(path.join(root, 'test', 'golden', 'lua', `${topic}.json`), 'latin1'));
    const want = golden[`${name}.lua`] as { exit: number; stdout: string[] };
    assert.equal(want.exit, 0);
    const { L, out } = newState();
    const r = L.runResumable(L.load(source, `@${name}.lua`), []);
    while (!r.step(0).done) { /* pause at every chance */ }
    assert.equal(out().replace(/\b(table|function|thread|userdata): (0x)?[0-9a-fA-F]+/g, '$1: <addr>'), want.stdout.join('\n'));
  });
}

test('errors in resumable runs are thrown by step', () => {
  const { L } = newState();
  const r = L.runResumable(L.load('local t = nil; for i = 1, 1000 do end; return t.x', '=p'), []);
  assert.throws(() => { while (!r.step(0).done) { /* keep going */ } }, (e: unknown) => e instanceof LuaError && e.value === "p:1: attempt to index local 't' (a nil value)");
});

test('budget hook: called about every N ticks, can kill a script past pcall', () => {
  const { L } = newState();
  let calls = 0;
  L.setBudgetHook(1000, () => { calls++; });
  L.call(L.load('local s = 0 for i = 1, 100000 do s = s + i end return s'));
  assert.ok(calls >= 90 && calls <= 110, `hook calls ${calls}`);
  let n = 0;
  L.setBudgetHook(1000, () => { if (++n > 5) throw new LuaUncatchableError('killed'); });
  assert.throws(() => L.call(L.load('while true do pcall(function() while true do end end) end')), /killed/);
  L.setBudgetHook(0, undefined);
  assert.deepEqual(L.call(L.load('return 1 + 1')), [2]);
});
