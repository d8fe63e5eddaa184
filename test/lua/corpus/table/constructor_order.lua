local log = {}
local function f(x) log[#log+1] = x return x end
local t = {f(1), a = f(2), f(3), [f(4)] = f(5), f(6)}
print(table.concat(log, ' '))
print(t[1], t[2], t[3], t.a, t[4])
log = {}
local u = {a = f('a'), f('p1'), b = f('b'), f('p2')}
print(table.concat(log, ' '))
print(tostring(0/0), tostring(-(0/0)))
local co = coroutine.wrap(function() print(tostring(0/0), 0/0) coroutine.yield() end)
co()
local function f(...) return ... end
local x = 1
local function g() x = x + 10 return 'g' end
local t = {x, a = g(), x}
print(t[1], t[2], t.a)
local u = {a = 1, f(1, 2, 3)}
print(#u, u[3], u.a)
local v = {[1] = 'k', 'p', b = f('b')}
print(v[1], v.b)
local w = {f('a'), k = f('k'), f('x', 'y')}
print(#w, w[1], w[2], w[3], w.k)
