// The rest of the libraries, as Lua snippets only the engine can run: string (other than
// format and patterns), table, math, os (deterministic parts), io (write to stdout is not
// captured here: only return values), and every argument error message.

import { Case } from '../../lua/stdlib-cases';

const e = (code: string): Case => ({ kind: 'expr', code });
const k = (code: string): Case => ({ kind: 'chunk', code });

export function libraryCases(): Case[] {
  const cases: Case[] = [];
  // ---- string
  for (const args of ['"abc"', '"abc", 2', '"abc", -1', '"abc", 1, 3', '"abc", 0, 10', '"abc", 3, 1', '"", 1', '"abc", -10, -2',
    '"abc", 2.9', '"\\255\\0"', '"abc", "2"', '"abc", nil, 2', '', 'nil', '{}', '123', '"abc", "x"', '"abc", 1, -1']) {
    cases.push(e('string.byte(' + args + ')'));
  }
  for (const args of ['', '65', '65, 66, 67', '0, 255', '256', '-1', '65.9', '"66"', '"x"', 'nil', '72, nil', '1e10']) {
    cases.push(e('string.char(' + args + ')'));
  }
  for (const args of ['"abc"', '""', '"a\\0b"', '123', '1.5', 'nil', '{}', 'true']) {
    cases.push(e('string.len(' + args + ')'));
    cases.push(e('string.lower(' + args + ')'));
    cases.push(e('string.upper(' + args + ')'));
    cases.push(e('string.reverse(' + args + ')'));
  }
  cases.push(e('string.lower("HeLLo \\192\\201 WORLD 123")'), e('string.upper("heLLo \\224\\233 world")'));
  for (const args of ['"ab", 3', '"ab", 0', '"ab", -1', '"", 5', '"ab", 2.7', '"ab", "2"', '"ab"', '"ab", "x"', 'nil, 2', '12, 2', '"ab", 1e10 - 1e10 + 1']) {
    cases.push(e('string.rep(' + args + ')'));
  }
  for (const args of ['2', '2, 3', '-3', '-3, -2', '0', '0, 0', '10', '3, 2', '-100, 100', '2, -2', '1.5, 2.5', '"2"', 'nil', '"x"', '2, "y"', '-1, 1']) {
    cases.push(e('string.sub("hello", ' + args + ')'));
  }
  cases.push(e('string.sub(12345, 2, 3)'), e('string.sub()'));
  cases.push(e('("x"):rep(3)'), e('("abc"):upper()'), e('("%d"):format(5)'), e('#("abc"):rep(2, nil)'), e('("a"):byte()'));
  cases.push(e('("x").y'), e('(""):len()'), e('("hello"):find("l")'), e('("hello"):gsub("l", "L")'));
  cases.push(e('type(string.dump(function() end))'), e('string.dump(print)'), e('string.dump()'), e('string.dump("x")'));
  cases.push(e('string.gfind == string.gmatch'), e('type(string.gfind)'));
  cases.push(k('local t = {} for w in string.gfind("a b c", "%a") do t[#t+1] = w end return table.concat(t, ",")'));
  cases.push(k('local t = {} for k, v in string.gmatch("a=1, b=2", "(%w+)=(%w+)") do t[#t+1] = k .. v end return table.concat(t, ";")'));
  cases.push(k('local it = string.gmatch("abc", ".") return it(), it(), it(), it(), it()'));
  cases.push(k('local s = "x" return s:gsub("x", {x = setmetatable({}, {__tostring = function() return "T" end})})'));
  cases.push(k('return string.gsub("abc", "%w", setmetatable({}, {__index = function(t, k) return k:upper() end}))'));
  cases.push(k('return string.gsub("abc", "(b)", function(x) return nil, "ignored" end)'));
  cases.push(k('return pcall(string.gsub, "abc", "b", function() error("boom") end)'));
  cases.push(k('return string.format("%s", setmetatable({}, {__tostring = function() return "obj" end}))'));
  cases.push(k('return string.format("%d", setmetatable({}, {__tostring = function() return "5" end}))'));
  cases.push(k('local mt = getmetatable("") return type(mt), mt.__index == string, rawequal(mt.__index, string)'));
  cases.push(k('local n = 0 for k in pairs(string) do n = n + 1 end return n'));
  cases.push(k('local t = {} for k in pairs(string) do t[#t+1] = k end table.sort(t) return table.concat(t, " ")'));

  // ---- table
  cases.push(e('table.concat({1, 2, 3})'), e('table.concat({1, 2, 3}, ", ")'), e('table.concat({1, 2, 3}, ", ", 2)'));
  cases.push(e('table.concat({1, 2, 3}, ", ", 2, 3)'), e('table.concat({1, 2, 3}, ", ", 3, 2)'), e('table.concat({}, "x")'));
  cases.push(e('table.concat({"a", "b"}, 1)'), e('table.concat({1.5, "x", 2^63}, "")'), e('table.concat({{}})'));
  cases.push(e('table.concat({1, 2, nil, 4}, ",", 1, 4)'), e('table.concat({1, true})'), e('table.concat({1, 2}, ",", 1, 5)'));
  cases.push(e('table.concat()'), e('table.concat("x")'), e('table.concat({}, {})'), e('table.concat({1,2,3}, "", "2")'));
  cases.push(e('table.concat({1,2,3}, "", 1.5, 2.9)'), e('table.concat({[0] = "z", "a"}, ",", 0)'));
  cases.push(k('local t = {1, 2, 3} table.insert(t, 4) return table.concat(t, ",")'));
  cases.push(k('local t = {1, 2, 3} table.insert(t, 1, 0) return table.concat(t, ",")'));
  cases.push(k('local t = {1, 2, 3} table.insert(t, 2, "x") return table.concat(t, ",")'));
  cases.push(k('local t = {1, 2, 3} table.insert(t, 6, "x") return #t, t[4], t[5], t[6]'));
  cases.push(k('local t = {1, 2, 3} table.insert(t, 0, "x") return #t, t[0], t[1]'));
  cases.push(k('local t = {1, 2, 3} table.insert(t, -1, "x") return t[-1], #t'));
  cases.push(k('local t = {} table.insert(t, "a") table.insert(t, "b") return t[1], t[2], #t'));
  cases.push(k('local t = {} table.insert(t, 1, nil) return #t'));
  cases.push(k('local t = {1} table.insert(t, 2.5, "x") return t[2], t[3]'));
  cases.push(k('local t = {1} table.insert(t, "2", "x") return t[2]'));
  cases.push(e('table.insert({}, 1, 2, 3)'), e('table.insert({})'), e('table.insert()'), e('table.insert(nil, 1)'));
  cases.push(e('table.insert({}, "x", 1)'), e('table.insert("t", 1)'));
  cases.push(k('local t = {1, 2, 3} local v = table.remove(t) return v, #t'));
  cases.push(k('local t = {1, 2, 3} local v = table.remove(t, 1) return v, #t, t[1], t[2], t[3]'));
  cases.push(k('local t = {1, 2, 3} return table.remove(t, 5), #t'));
  cases.push(k('local t = {1, 2, 3} return table.remove(t, 0), #t'));
  cases.push(k('local t = {} return table.remove(t)'));
  cases.push(k('local t = {} return select("#", table.remove(t))'));
  cases.push(k('local t = {[0] = "z"} return table.remove(t, 0), t[0]'));
  cases.push(k('local t = {1, 2, 3} return table.remove(t, "2"), #t'));
  cases.push(e('table.remove()'), e('table.remove({}, "x")'), e('table.remove(5)'));
  cases.push(e('table.maxn({})'), e('table.maxn({1, 2, 3})'), e('table.maxn({[1.5] = 1, [-3] = 2})'), e('table.maxn({[100] = 1, 2})'));
  cases.push(e('table.maxn({a = 1})'), e('table.maxn()'), e('table.maxn({[1/0] = 1})'));
  cases.push(e('table.getn({1, 2, 3})'), e('table.getn({})'), e('table.getn({n = 5})'), e('table.getn()'), e('table.getn("x")'));
  cases.push(e('table.setn({}, 1)'), e('table.setn()'), e('table.setn({})'));
  cases.push(k('local r = {} table.foreach({10, 20, a = 1}, function(k, v) r[#r+1] = tostring(k) .. "=" .. tostring(v) end) table.sort(r) return table.concat(r, " ")'));
  cases.push(e('table.foreach({1, 2, 3}, function(k, v) if v == 2 then return "stop" .. k end end)'));
  cases.push(e('table.foreachi({10, 20, 30}, function(i, v) if v > 15 then return i, v end end)'));
  cases.push(k('local r = {} table.foreachi({10, 20, nil, 40}, function(i, v) r[#r+1] = i end) return #r'));
  cases.push(e('table.foreach({}, 1)'), e('table.foreachi({})'), e('table.foreach()'), e('table.foreachi(1, print)'));
  // sort: results, comparator calls, errors
  const sorts = ['{3, 1, 2}', '{5, 4, 3, 2, 1}', '{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}', '{"b", "a", "c", "B", "A"}', '{2, 1}', '{1}', '{}',
    '{3, 3, 1, 1, 2, 2}', '{9, 8, 7, 6, 5, 4, 3, 2, 1, 0, -1, 1e300, -1/0, 1/0}', '{"10", "9", "100", "1"}'];
  for (const t of sorts) {
    cases.push(k('local t = ' + t + ' table.sort(t) local r = {} for i = 1, #t do r[i] = tostring(t[i]) end return table.concat(r, " ")'));
    cases.push(k('local t = ' + t + ' table.sort(t, function(a, b) return a > b end) local r = {} for i = 1, #t do r[i] = tostring(t[i]) end return table.concat(r, " ")'));
    cases.push(k('local t, log = ' + t + ', {} table.sort(t, function(a, b) log[#log+1] = tostring(a) .. "<" .. tostring(b) return a < b end) return table.concat(log, " ")'));
  }
  cases.push(k('local t = {} for i = 1, 100 do t[i] = (i * 37) % 101 end local n = 0 table.sort(t, function(a, b) n = n + 1 return a < b end) return n, t[1], t[50], t[100]'));
  cases.push(k('local t = {} for i = 1, 200 do t[i] = (i * 7919) % 211 end local log = {} table.sort(t, function(a, b) log[#log+1] = a .. ":" .. b return a < b end) return #log, table.concat(log, " ", 1, 60)'));
  cases.push(k('local t = {} for i = 1, 50 do t[i] = i % 5 end table.sort(t, function(a, b) return true end) return "done"'));
  cases.push(k('local t = {} for i = 1, 50 do t[i] = 51 - i end table.sort(t, function(a, b) return a <= b end) return table.concat(t, ",")'));
  cases.push(k('local t = {3, 2, 1, 5, 4} table.sort(t, function(a, b) return true end) return table.concat(t, ",")'));
  cases.push(e('table.sort({1, "x"})'), e('table.sort({1, {}, 2})'), e('table.sort({{}, {}})'), e('table.sort({1, nil, 3})'));
  cases.push(e('table.sort({3, 2, 1}, 1)'), e('table.sort()'), e('table.sort("x")'), e('table.sort({3, 2, 1}, nil)'), e('table.sort({3, 2, 1}, false)'));
  cases.push(k('local mt = {__lt = function(a, b) return a.v < b.v end} local t = {} for i = 1, 8 do t[i] = setmetatable({v = (i * 5) % 8}, mt) end table.sort(t) local r = {} for i = 1, 8 do r[i] = t[i].v end return table.concat(r, ",")'));
  // Comparator call sequences and outcomes for consistent, non-strict and random comparators.
  for (let trial = 1; trial <= 60; trial++) {
    cases.push(k(`math.randomseed(${trial}) local n = math.random(0, 25) local t = {} for i = 1, n do t[i] = math.random(1, 10) end ` +
      `local log = {} local ok, err = pcall(table.sort, t, function(a, b) log[#log + 1] = tostring(a) .. "," .. tostring(b) ` +
      `${trial % 3 === 0 ? 'return a < b' : trial % 3 === 1 ? 'return a <= b' : 'return math.random() < 0.5'} end) ` +
      'local r = {} for i = 1, n do r[i] = tostring(t[i]) end return ok, err, table.concat(r, ","), table.concat(log, ";")'));
  }
  cases.push(k('local n = 0 for k in pairs(table) do n = n + 1 end return n'));

  // ---- math
  const unary = ['abs', 'acos', 'asin', 'atan', 'ceil', 'cos', 'cosh', 'deg', 'exp', 'floor', 'log', 'log10', 'rad', 'sin', 'sinh', 'sqrt', 'tan', 'tanh', 'frexp', 'modf'];
  const values = ['0', '-0', '1', '-1', '0.5', '-0.5', '2.5', '-2.5', '3.7', '-3.7', '10', '1e300', '-1e300', '1/0', '-1/0', '0/0', '2^53 + 0.5', '1e-310', '"2"', '"0x10"'];
  for (const f of unary) {
    for (const v of values) cases.push(e('math.' + f + '(' + v + ')'));
    cases.push(e('math.' + f + '()'), e('math.' + f + '("x")'), e('math.' + f + '({})'));
  }
  for (const [a, b] of [['1', '2'], ['-1', '2'], ['7', '3'], ['-7', '3'], ['7', '-3'], ['7.5', '2'], ['1', '0'], ['0', '0'], ['1/0', '2'], ['5', '1/0'], ['0/0', '1'], ['"8"', '"3"']]) {
    cases.push(e('math.atan2(' + a + ', ' + b + ')'), e('math.fmod(' + a + ', ' + b + ')'), e('math.mod(' + a + ', ' + b + ')'), e('math.pow(' + a + ', ' + b + ')'));
    cases.push(e('math.ldexp(' + a + ', ' + b + ')'), e('math.max(' + a + ', ' + b + ')'), e('math.min(' + a + ', ' + b + ')'));
  }
  cases.push(e('math.ldexp(1, 1024)'), e('math.ldexp(1, -1075)'), e('math.ldexp(1, 2.9)'), e('math.ldexp(1)'), e('math.atan2(1)'), e('math.fmod(1)'), e('math.pow(2)'));
  cases.push(e('math.max(1, 5, 3)'), e('math.max(3)'), e('math.max()'), e('math.min()'), e('math.max(1, "x")'), e('math.min(1, nil, 2)'));
  cases.push(e('math.max(0/0, 1)'), e('math.max(1, 0/0)'), e('math.min(0/0, 1)'), e('math.max(-0, 0)'), e('math.max(0, -0)'), e('math.min(-0, 0)'));
  cases.push(e('math.pi'), e('math.huge'), e('-math.huge'), e('math.mod == math.fmod'));
  cases.push(e('math.random(0)'), e('math.random(2, 1)'), e('math.random(1, 2, 3)'), e('math.random("x")'), e('math.random(1, "y")'), e('math.randomseed()'), e('math.randomseed("x")'));
  cases.push(k('math.randomseed(42) local a = math.random() return a >= 0 and a < 1'));
  cases.push(k('for i = 1, 200 do local v = math.random(3) if v < 1 or v > 3 or v % 1 ~= 0 then return "bad", v end end return "ok"'));
  cases.push(k('for i = 1, 200 do local v = math.random(-2, 2) if v < -2 or v > 2 or v % 1 ~= 0 then return "bad", v end end return "ok"'));
  cases.push(k('math.randomseed(7) local a, b = math.random(), math.random(100) math.randomseed(7) return a == math.random(), b == math.random(100)'));
  cases.push(e('math.random(1.9)'), e('math.random(5, 5)'), e('select("#", math.randomseed(1))'));
  // The default generator is glibc's rand(), so seeded sequences equal lua5.1's on Linux.
  for (const seed of ['42', '0', '1', '-1', '2^31', '2^32 + 7', '1.9', '"12"', '-2^31', '1e20']) {
    cases.push(k('math.randomseed(' + seed + ') local t = {} for i = 1, 20 do t[i] = math.random(1000) end return math.random(), math.random(-3, 3), table.concat(t, ",")'));
  }
  cases.push(k('math.randomseed(3) return math.random(-2^31, 2^31 - 1), math.random(2^31 - 1), math.random(0, 0)'));
  for (const n of [7996, 7997, 7998, 8000]) cases.push(e('select("#", string.byte(string.rep("a", ' + n + '), 1, -1))'));
  cases.push(k('local t = {} for k in pairs(math) do t[#t+1] = k end table.sort(t) return table.concat(t, " ")'));

  // ---- os (deterministic parts; TZ-independent)
  cases.push(e('type(os.clock())'), e('os.clock() >= 0'), e('type(os.time())'), e('os.time() > 1e9'));
  cases.push(e('os.date("!%Y-%m-%d %H:%M:%S", 0)'), e('os.date("!%Y-%m-%d %H:%M:%S", 1700000000)'), e('os.date("!%c", 1700000000)'));
  for (const f of ['%a', '%A', '%b', '%B', '%c', '%d', '%D', '%e', '%F', '%H', '%I', '%j', '%m', '%M', '%n', '%p', '%S', '%t', '%T', '%u', '%w', '%x', '%X', '%y', '%Y', '%%', '%h', '%r', '%R', '%C', '%g', '%G', '%V', '%U', '%W', '%s', '%z', '%Z', '%E', '%q', 'x%', '%']) {
    cases.push(e('os.date("!' + f + '", 1700000000.9)'));
    cases.push(e('os.date("!' + f + '", 951782400)'));
  }
  cases.push(k('local t = os.date("!*t", 1700000000) return t.year, t.month, t.day, t.hour, t.min, t.sec, t.wday, t.yday, t.isdst'));
  cases.push(k('local t = os.date("!*t", 0) return t.year, t.month, t.day, t.hour, t.min, t.sec, t.wday, t.yday, t.isdst'));
  cases.push(k('local t = os.date("!*t", -86400 * 365) return t.year, t.month, t.day, t.wday, t.yday'));
  cases.push(k('local t = os.date("*t", 1700000000) return os.time(t)'));
  cases.push(k('local t = os.date("*t", 1700000000) t.day = t.day + 40 t.isdst = nil local u = os.date("*t", os.time(t)) return u.month, u.day'));
  cases.push(k('local t = os.date("*t", 1700000000) t.sec = t.sec - 3600 * 24 return os.time(t) - 1700000000'));
  cases.push(e('os.time({year = 2020})'), e('os.time({year = 2020, month = 1})'), e('os.time({day = 1, month = 1})'), e('os.time(1)'));
  cases.push(k('return os.time({year = 2020, month = 1, day = 1, hour = 0}) - os.time({year = 2019, month = 12, day = 31, hour = 0})'));
  cases.push(k('return os.time({year = 2020, month = 3, day = 1}) - os.time({year = 2020, month = 2, day = 28})'));
  cases.push(k('return os.time({year = "2020", month = "1", day = 2}) - os.time({year = 2020, month = 1, day = 1})'));
  cases.push(e('os.difftime(10, 3)'), e('os.difftime(10)'), e('os.difftime(10.7, 3.2)'), e('os.difftime()'), e('os.difftime("x")'));
  cases.push(e('os.getenv("FERROUS_SURELY_UNSET_VARIABLE")'), e('os.getenv()'), e('type(os.getenv("PATH"))'));
  cases.push(e('os.setlocale()'), e('os.setlocale("C")'), e('os.setlocale("C", "numeric")'), e('os.setlocale(nil, "all")'), e('os.setlocale("C", "bogus")'));
  cases.push(e('os.setlocale("xx_YY.nonexistent")'), e('os.setlocale("POSIX")'));
  cases.push(e('os.remove("/nonexistent-dir-ferrous/x")'), e('os.rename("/nonexistent-dir-ferrous/x", "/nonexistent-dir-ferrous/y")'));
  cases.push(e('os.remove()'), e('type(os.tmpname())'));
  cases.push(k('local n = os.tmpname() local f = io.open(n, "w") f:write("x") f:close() local a = os.remove(n) return a, (os.remove(n)) == nil'));
  cases.push(e('os.date("!%Y", 1e12)'), e('os.date(nil, nil) ~= nil'), e('os.date("!%Y", "x")'));
  cases.push(k('local t = {} for k in pairs(os) do t[#t+1] = k end table.sort(t) return table.concat(t, " ")'));

  // ---- io (return values only; output is not captured)
  cases.push(e('io.write()'), e('io.write("") == io.stdout'), e('io.type(io.stdout)'), e('io.type(42)'), e('io.type()'));
  cases.push(e('io.open("/nonexistent-dir-ferrous/x")'), e('io.open("/nonexistent-dir-ferrous/x", "w")'), e('io.open()'));
  cases.push(e('io.lines("/nonexistent-dir-ferrous/x")'), e('io.write({})'), e('io.stdout:close()'), e('tostring(io.stdout):sub(1, 6)'));
  cases.push(k('local n = os.tmpname() local f = assert(io.open(n, "w")) f:write("line1\\n", 42, " ", 1.5, "\\nline3") f:close() local r = {} for l in io.lines(n) do r[#r+1] = l end os.remove(n) return table.concat(r, "|")'));
  cases.push(k('local n = os.tmpname() local f = io.open(n, "w") f:write("12 3.5 x\\nrest\\n\\nlast") f:close() f = io.open(n) local a, b, c = f:read("*n", "*n", "*n") local d = f:read("*l") local e1 = f:read("*l") local e2 = f:read("*l") local g = f:read("*a") local h = f:read("*l") local i = f:read("*a") f:close() os.remove(n) return a, b, c, d, e1, e2, g, h, i'));
  cases.push(k('local n = os.tmpname() local f = io.open(n, "w") f:write("abcdef") f:close() f = io.open(n) local a = f:read(2) local b = f:read(0) local c = f:read(10) local d = f:read(0) local e1 = f:read(1) f:close() os.remove(n) return a, b, c, d, e1'));
  cases.push(k('local n = os.tmpname() local f = io.open(n, "w") f:close() local ok, err = pcall(f.write, f, "x") os.remove(n) return ok, err, io.type(f), tostring(f)'));
  cases.push(k('local n = os.tmpname() local f = io.open(n, "w") f:write("a\\nb\\n") f:close() f = io.open(n) local r = {} for l in f:lines() do r[#r+1] = l end f:close() os.remove(n) return table.concat(r, ",")'));
  cases.push(k('local n = os.tmpname() local f = io.open(n, "w") local a = f:write("x") f:close() os.remove(n) return a == f'));
  cases.push(k('local n = os.tmpname() local f = io.open(n, "r") local ok, e1 = pcall(f.read, f, "*x") f:close() os.remove(n) return ok, e1'));
  cases.push(k('local n = os.tmpname() local f = io.open(n, "w") f:write("\\0\\255\\r\\n") f:close() f = io.open(n, "rb") local s = f:read("*a") f:close() os.remove(n) return #s, s:byte(1, -1)'));
  cases.push(k('local t = {} for k in pairs(io) do t[#t+1] = k end table.sort(t) return table.concat(t, " ")'));
  return cases;
}
