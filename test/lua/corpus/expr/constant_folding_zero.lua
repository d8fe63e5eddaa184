print(-5 * 0, 0 * -5)
local z = 0
print(-5 * z, -z, 0 - z)
local t = {-0}
print(t[1])
print(-0 == 0, 0, -0)
