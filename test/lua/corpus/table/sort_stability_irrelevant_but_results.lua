local t = {}
for i = 1, 100 do t[i] = (i * 37) % 101 end
table.sort(t)
print(t[1], t[50], t[100])
local s = {}
for i = 1, 50 do s[i] = string.char(65 + (i * 7) % 26) .. i end
table.sort(s)
print(table.concat(s, " ", 1, 10))
table.sort(s, function(a, b) return #a > #b or (#a == #b and a < b) end)
print(table.concat(s, " ", 1, 10))
local mixed = {3, 1, 2}
table.sort(mixed, function(a, b) return a > b end)
print(table.concat(mixed, ","))
