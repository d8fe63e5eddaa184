local function neg(x) return -x end
local z = neg(0)
print(z, 1 / z, z == 0, tostring(z), string.format("%g %f %d", z, z, z))
local t = {}
t[z] = "zero"
print(t[0])
print(math.abs(z), 1/math.abs(z))
