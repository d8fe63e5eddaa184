// Core language semantics: closures, varargs, assignment, loops, metamethods, error messages.
// Expected outputs are what lua5.1 prints for the same programs.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { run, errorOf } from './core-helpers';

test('closures: one upvalue per iteration, shared upvalues, recursion', () => {
  assert.equal(run(`
    local fns = {}
    for i = 1, 3 do fns[i] = function() return i end end
    local ws = {}
    local j = 0
    while j < 3 do j = j + 1; local k = j; ws[j] = function() k = k + 10; return k end end
    print(fns[1](), fns[2](), fns[3](), ws[1](), ws[1](), ws[2]())
    local function counter() local n = 0; return function() n = n + 1; return n end, function() return n end end
    local inc, get = counter()
    inc(); inc()
    print(get())
    local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
    print(fact(10))
  `), '1\t2\t3\t11\t21\t12\n2\n3628800\n');
});

test('varargs, select, multiple results and truncation', () => {
  assert.equal(run(`
    local function f(...) return select('#', ...), ... end
    print(f(1, nil, nil))
    print((f(1, 2)))
    local function g() return 1, 2, 3 end
    print(g(), g())
    print(({g(), g()})[4], #{g(), g()}, #{g(), (g())})
    print(select(-1, 'a', 'b'), select(2, 'a', 'b', 'c'))
    local t = {n = select('#', g())}
    print(t.n, unpack({1, 2, 3}, 2))
  `), '3\t1\tnil\tnil\n2\n1\t1\t2\t3\n3\t4\t2\nb\tb\tc\n3\t2\t3\n');
});

test('assignment evaluation order and swaps', () => {
  assert.equal(run(`
    local a, b, c = 1, 2
    print(a, b, c)
    a, b = b, a
    print(a, b)
    local t = {}
    local i = 1
    i, t[i] = i + 1, 20
    print(i, t[1], t[2])
    local x, x = 1, 2
    print(x)
  `), '1\t2\tnil\n2\t1\n2\t20\tnil\n2\n');
});

test('numeric for: float steps, loop variable copy, coercion, errors', () => {
  assert.equal(run(`
    for i = 1, 2, 0.5 do io.write(i, ' ') end print()
    for i = 3, 1, -1 do io.write(i, ' ') end print()
    for i = 1, 3 do local j = i; i = i * 10; io.write(i, ' ') end print()
    for i = "1", "2" do io.write(i, ' ') end print()
    print(pcall(function() for i = 1, {} do end end))
  `, '=t'), "1 1.5 2 \n3 2 1 \n10 20 30 \n1 2 \nfalse\tt:6: 'for' limit must be a number\n");
});

test('coercions and number formatting', () => {
  assert.equal(run('print("10" + 1, 1 .. 2, "0x10" * 1, 10 / 4, 2^0.5, -(0/0), 0/0, 7 % -3, -7 % 3)'),
    '11\t12\t16\t2.5\t1.4142135623731\tnan\t-nan\t-2\t2\n');
});

test('runtime error messages name the variable', () => {
  const cases: [string, string][] = [
    ['local x; x.y = 1', "t:1: attempt to index local 'x' (a nil value)"],
    ['undefinedf()', "t:1: attempt to call global 'undefinedf' (a nil value)"],
    ['local t = {} ; t.a.b = 1', "t:1: attempt to index field 'a' (a nil value)"],
    ['local t = {} ; t:foo()', "t:1: attempt to call method 'foo' (a nil value)"],
    ['local u = {}; (function() return u + 1 end)()', "t:1: attempt to perform arithmetic on upvalue 'u' (a table value)"],
    ['local s; return "a" .. s', "t:1: attempt to concatenate local 's' (a nil value)"],
    ['return 1 < nil', 't:1: attempt to compare number with nil'],
    ['return {} < {}', 't:1: attempt to compare two table values'],
    ['return #5', 't:1: attempt to get length of a number value'],
    ['local t = {}; t[nil] = 1', 't:1: table index is nil'],
    ['error("boom")', 't:1: boom'],
    ['error("boom", 0)', 'boom'],
    ['local function f() error("up", 2) end\nf()', 't:2: up'],
    ['string.rep()', "t:1: bad argument #1 to 'rep' (string expected, got no value)"],
    ['("x"):rep({})', "t:1: bad argument #1 to 'rep' (number expected, got table)"],
    ['local r = string.rep; r()', "t:1: bad argument #1 to 'r' (string expected, got no value)"],
  ];
  for (const [src, msg] of cases) assert.equal(errorOf(src), msg, src);
  assert.equal(run('print(pcall(string.rep))'), "false\tbad argument #1 to '?' (string expected, got no value)\n");
});

test('metamethods', () => {
  assert.equal(run(`
    local V = {}
    V.__index = V
    V.__add = function(a, b) return setmetatable({x = a.x + b.x}, V) end
    V.__eq = function(a, b) return a.x == b.x end
    V.__lt = function(a, b) return a.x < b.x end
    V.__le = function(a, b) return a.x <= b.x end
    V.__concat = function(a, b) return "V" end
    V.__call = function(self, y) return self.x + y end
    V.__tostring = function(v) return "V(" .. v.x .. ")" end
    V.__unm = function(a) return setmetatable({x = -a.x}, V) end
    function V.get(self) return self.x end
    local a, b = setmetatable({x = 1}, V), setmetatable({x = 2}, V)
    print((a + b).x, a == b, a < b, a <= b, a > b, a .. "s", a(10), tostring(-a), a:get())
    local log = {}
    local p = setmetatable({}, {__index = function(t, k) return k .. "!" end, __newindex = function(t, k, v) rawset(t, k, v * 2) end})
    p.z = 21
    print(p.foo, p.z, rawget(p, "foo"))
    local base = {greet = function() return "hi" end}
    local d = setmetatable({}, {__index = base})
    print(d.greet(), getmetatable("abc").__index == string)
    local prot = setmetatable({}, {__metatable = "locked"})
    print(getmetatable(prot), pcall(setmetatable, prot, {}))
    local t1, t2 = {}, {}
    local mt = {__eq = function() return true end}
    setmetatable(t1, mt); setmetatable(t2, mt)
    print(t1 == t2, t1 == 1, #setmetatable({1, 2}, {__len = function() return 99 end}))
  `), 'V\t3\tfalse\ttrue\ttrue\tfalse\tV\t11\tV(-1)\t1\n'.replace('V\t3', '3') + 'foo!\t42\tnil\nhi\ttrue\nlocked\tfalse\tcannot change a protected metatable\ntrue\tfalse\t2\n');
});

test('readonly tables refuse every write path', () => {
  const { newState } = require('./core-helpers') as typeof import('./core-helpers');
  const { L, out } = newState();
  const t = L.load('local t = {a = 1}; return t')() as any;
  t.readonly = true;
  L.setGlobal('ro', t);
  L.call(L.load(`
    print(pcall(function() ro.a = 2 end))
    print(pcall(rawset, ro, "b", 1))
    print(pcall(setmetatable, ro, {}))
    print(ro.a)
  `, '=t'));
  assert.equal(out(), 'false\tt:2: Attempt to modify a readonly table\nfalse\tAttempt to modify a readonly table\nfalse\tAttempt to modify a readonly table\n1\n');
});

test('stack overflow is a catchable Lua error', () => {
  const out = run(`
    local function f() return 1 + f() end
    local ok, msg = pcall(f)
    print(ok, msg)
    print("alive")
  `, '=t');
  assert.equal(out, 'false\tt:2: stack overflow\nalive\n');
});

test('getfenv/setfenv on functions and levels', () => {
  assert.equal(run(`
    local function f() return x end
    x = "global"
    setfenv(f, {x = "env"})
    print(f(), x, getfenv(f).x, getfenv(0) == _G)
    local function g() setfenv(1, {print = print, y = "local env y"}); print(y) end
    g()
  `), 'env\tglobal\tenv\ttrue\nlocal env y\n');
});

test('tables: string keys as properties, other keys in the Map, insertion order kept for hash', () => {
  const { LuaTable } = require('../../src/lua/value') as typeof import('../../src/lua/value');
  const t = new LuaTable();
  t.set('a', 1);
  t.set(0.5, 2);
  t.set('b', 3);
  t.set(-7, 4);
  t.set('1', 5);
  assert.deepEqual([...t.hash!.keys()], ['a', 0.5, 'b', -7, '1']);
  const u = new LuaTable();
  u.set('x', 1);
  u.set('toString', 2);
  u.set('__proto__', 3);
  assert.equal(u.p !== undefined, true);
  assert.deepEqual([u.get('x'), u.get('toString'), u.get('__proto__'), u.get('constructor')], [1, 2, 3, undefined]);
  u.set('x', undefined);
  assert.deepEqual([...u.hash!.entries()], [['toString', 2], ['__proto__', 3]]);
  assert.equal(run(`
    local t = {x = 1, y = 2, [10] = 3, "a", "b"}
    t.z = 4; t.x = nil
    local keys = {}
    for k, v in pairs(t) do keys[#keys + 1] = tostring(k) .. "=" .. tostring(v) end
    table.sort(keys)
    print(table.concat(keys, " "), #t, next({}), rawget(t, "y"))
    local k, v = next(t, "y")
    local n = 0
    for k in pairs(t) do t[k] = nil; n = n + 1 end
    print(n, next(t))
  `), '10=3 1=a 2=b y=2 z=4\t2\tnil\t2\n5\tnil\n');
});

test('error lines in multi-line expressions follow C Lua', () => {
  const out = run(`local t = {}
local function e(f) print(select(2, pcall(f))) end
e(function()
  local r = {
    a = 1,
    b = t.x.y,
  }
end)
e(function() t
  .m() end)
e(function()
  print(
    1,
    t.z.w
  )
end)
e(function()
  for i = 1,
    "x" do end
end)
e(function()
  local x = 1 <
    {}
end)`, '=p');
  assert.equal(out, "p:6: attempt to index field 'x' (a nil value)\np:10: attempt to call field 'm' (a nil value)\n"
    + "p:15: attempt to index field 'z' (a nil value)\np:19: 'for' limit must be a number\np:23: attempt to compare number with table\n");
});

test('numeric locals: inference stays sound when a closure, a multiple assignment or nil changes them', () => {
  assert.equal(run(`local x = 1
local function f() x = "10" end
f()
print(x + 1)
local y = 2
y, z = "a", 3
print(pcall(function() return y + 1 end))
local a = 5
for i = 1, 2 do a = a + i end
print(a)
local b = 1
b = b + setmetatable({}, {__add = function() return "meta" end})
print(b)
local c, d = 1, 2
c, d = d, c
print(c - d)
local e = 1
local g = e
e = nil
print(pcall(function() return e + g end))
for i = 1, 3 do i = i .. "x"; io.write(i, " ") end print()`, '=n'),
  "11\nfalse\tn:7: attempt to perform arithmetic on upvalue 'y' (a string value)\n8\nmeta\n1\n"
  + "false\tn:20: attempt to perform arithmetic on upvalue 'e' (a nil value)\n1x 2x 3x \n");
});
