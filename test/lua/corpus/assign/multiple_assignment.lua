local a, b, c = 1, 2
print(a, b, c)
a, b = b, a
print(a, b)
local x, y = 1, 2, 3
print(x, y)
local i = 1
local t = {}
i, t[i] = i + 1, 20
print(i, t[1], t[2])
