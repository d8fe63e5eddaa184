local t = {}
for i = 1, 100000 do t[i] = i end
print(#t, t[100000])
for i = 1, 50000 do table.remove(t) end
print(#t, t[50000], t[50001])
local s = 0
for i, v in ipairs(t) do s = s + v end
print(s)
local h = {}
for i = 1, 10000 do h["k" .. i] = i end
local n = 0
for k, v in pairs(h) do n = n + v end
print(n)
