local t = {1, 2, 3; x = 1, ["y"] = 2, [10] = 10, 4}
print(#t, t[4], t.x, t.y, t[10])
local u = {[1] = "a", "b"}
print(u[1])
local function f() return 1, 2, 3 end
local v = {f(), f()}
print(#v)
local w = {f(), (f())}
print(#w)
local nested = {{1, 2}, {3, {4, 5}}}
print(nested[2][2][2])
