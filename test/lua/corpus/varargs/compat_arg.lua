local function f(...) return arg.n, arg[1], arg[3] end
print(f(1, 2, nil))
local function g(...) local x = ... return arg end
print(g(5))
local function h(a, ...) return a, arg and arg.n, #arg end
print(h(1, 'x', 'y'))
local function k(...) return function() return arg.n end end
print(k(1,2,3,4)())
print(select('#', (function(...) return ... end)(1, nil, 3)))
local t = {}
function t.m(self, ...) return arg.n end
print(t:m(9, 8))
arg = 'global'
local function q() return arg end
print(q())
