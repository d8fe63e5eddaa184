local function f(...) return ... end
print(f(1, 2, 3))
print(f())
print((f(1, 2, 3)))
print(f(1, 2, 3), "x")
print("x", f(1, 2, 3))
local function g(a, ...) return a, select('#', ...) end
print(g(1, 2, 3))
print(g())
local function h(...) local a, b = ... return a, b end
print(h(9))
print(h(9, 8, 7))
