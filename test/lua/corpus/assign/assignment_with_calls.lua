local function two() return "x", "y" end
local a, b, c = two()
print(a, b, c)
local d, e, f = two(), "z"
print(d, e, f)
local g, h, k = "w", two()
print(g, h, k)
local t = {}
t.a, t.b = two()
print(t.a, t.b)
