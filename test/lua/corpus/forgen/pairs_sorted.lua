local t = {10, 20, 30, x = 1, y = 2, z = 3, [1.5] = "f", [true] = "b"}
local keys = {}
for k in pairs(t) do keys[#keys + 1] = tostring(k) end
table.sort(keys)
print(table.concat(keys, " "))
local sum = 0
for k, v in pairs({5, 6, 7}) do sum = sum + k * v end
print(sum)
