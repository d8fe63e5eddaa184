local a, b = 10, 20
local function f() return a + b end
print(debug.getupvalue(f, 1), debug.getupvalue(f, 2), debug.getupvalue(f, 3))
print(debug.setupvalue(f, 1, 100), f(), a)
print(debug.setupvalue(f, 5, 1))
print(debug.getupvalue(print, 1))
