local t = {}
for i = 1, 20 do t["k" .. i] = i end
local count = 0
for k, v in pairs(t) do t[k] = nil count = count + 1 end
print(count, next(t))
