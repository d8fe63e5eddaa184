// The host-facing side of the libraries: which libraries a state gets, the replaceable
// math.random generator, readonly tables (Redis), and where io output goes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LuaState, LuaTable, LuaError } from '../../src/lua';
import { openStandardLibraries } from '../../src/lua/lib/index';
import { setRandomGenerator, GlibcRand, type RandomGenerator } from '../../src/lua/lib/math';

function full(): LuaState {
  return new LuaState({ stdout: () => undefined, stderr: () => undefined });
}

function bare(): LuaState {
  return new LuaState({ libs: 'none', stdout: () => undefined, stderr: () => undefined });
}

function keys(t: unknown): string[] {
  assert.ok(t instanceof LuaTable);
  const out: string[] = [];
  for (let k = t.next(undefined); k !== undefined; k = t.next(k[0])) out.push(String(k[0]));
  return out.sort();
}

test('os: "clock" gives a table with only os.clock, as Redis 7.4 exposes', () => {
  const L = bare();
  openStandardLibraries(L, { os: 'clock', io: false });
  assert.deepEqual(keys(L.getGlobal('os')), ['clock']);
  assert.equal(L.getGlobal('io'), undefined);
  assert.deepEqual(keys(L.getGlobal('string')).length, 15);
});

test('every library is opened by default, with the 5.1 compat names', () => {
  const L = bare();
  openStandardLibraries(L);
  assert.deepEqual(keys(L.getGlobal('os')), ['clock', 'date', 'difftime', 'execute', 'exit', 'getenv', 'remove', 'rename', 'setlocale', 'time', 'tmpname']);
  const str = L.getGlobal('string') as LuaTable;
  assert.equal(str.get('gfind'), str.get('gmatch'));
  const math = L.getGlobal('math') as LuaTable;
  assert.equal(math.get('mod'), math.get('fmod'));
  assert.equal(L.stringMetatable.get('__index'), str);
});

/** Redis's generator (spec 2.8): lrand48 with a fixed initial state. Expected values are the
 * ones the spec records from a real Redis 7.0 server. */
class Lrand48 implements RandomGenerator {
  private state = 0x1234abcd330en;
  private step(): number {
    this.state = (this.state * 0x5deece66dn + 0xbn) & 0xffffffffffffn;
    return Number(this.state >> 17n);
  }
  next(): number {
    return (this.step() % 2147483647) / 2147483647;
  }
  seed(n: number): void {
    this.state = ((BigInt(n >>> 0) << 16n) | 0x330en) & 0xffffffffffffn;
  }
}

test('math.random uses the generator the host installs (Redis lrand48 sequence)', () => {
  const L = full();
  setRandomGenerator(L, new Lrand48());
  const r = L.execute('return tostring(math.random()), tostring(math.random()), tostring(math.random())');
  assert.deepEqual(r, ['0.39646477363839', '0.84048536971234', '0.35333609737146']);
  const s = L.execute('math.randomseed(10) return tostring(math.random()), math.random(100), math.random(5, 10)');
  assert.deepEqual(s, ['0.87885112309775', 80, 7]);
});

test('the default generator is glibc rand(): lua5.1 prints 0.84018771715471 first', () => {
  const L = full();
  assert.deepEqual(L.execute('return tostring(math.random())'), ['0.84018771715471']);
  const g = new GlibcRand(1);
  assert.equal(g.rand(), 1804289383); // glibc's first rand() after srand(1)
});

test('table functions on a readonly table raise Redis\'s error without a position', () => {
  const L = full();
  const t = new LuaTable([3, 1, 2]);
  t.readonly = true;
  L.setGlobal('ro', t);
  for (const code of ['table.insert(ro, 4)', 'table.remove(ro)', 'table.sort(ro)', 'table.insert(ro, 1, 0)']) {
    const r = L.execute(`return pcall(function() ${code} end)`);
    assert.deepEqual(r, [false, 'Attempt to modify a readonly table'], code);
  }
  assert.deepEqual(L.execute('return table.concat(ro, ",")'), ['3,1,2']);
});

test('io.write and io.stdout:write go to the state\'s stdout; io.stderr to its stderr', () => {
  let out = '';
  let err = '';
  const L = new LuaState({ libs: 'none', stdout: (s) => { out += s; }, stderr: (s) => { err += s; } });
  openStandardLibraries(L);
  L.execute('io.write("a", 1, " ", 2.5, "\\255") io.stdout:write("b\\n") io.stderr:write("e")');
  assert.equal(out, 'a1 2.5\xffb\n');
  assert.equal(err, 'e');
});

test('a host function error is a LuaError carrying the message', () => {
  const L = bare();
  openStandardLibraries(L);
  assert.throws(() => L.execute('string.rep()', '=t'), (e: unknown) => e instanceof LuaError && /bad argument #1 to 'rep'/.test(String(e.value)));
});

test('table.sort: the plain-array path for numbers/strings gives the same order as the general path', () => {
  const L = full();
  const r = L.execute(`
    math.randomseed(5)
    local function make(n, strings)
      local t = {}
      for i = 1, n do
        local v = math.random(20) - 10
        if v == 0 then v = -0 elseif v == 1 then v = 0/0 end
        t[i] = strings and tostring(v) or v
      end
      return t
    end
    local function same(a, b)
      for i = 1, #a do
        local x, y = a[i], b[i]
        -- NaN signs are not compared: the engine's tables may canonicalise NaN bits
        if type(x) == "string" then
          if x ~= y then return false end
        elseif x == x and (x ~= y or 1/x ~= 1/y) then return false end
        if x ~= x and y == y then return false end
      end
      return #a == #b
    end
    for _, n in ipairs({2, 3, 4, 5, 10, 100, 1000}) do
      for _, strings in ipairs({false, true}) do
        local a = make(n, strings)
        local b = {}
        for i = 1, #a do b[i] = a[i] end
        table.sort(a)
        table.sort(b, function(x, y) return x < y end)
        if not same(a, b) then return false, n, strings end
      end
    end
    return true`);
  assert.deepEqual(r, [true]);
});
