local parts = {}
for i = 1, 100 do parts[#parts + 1] = tostring(i) end
local s = table.concat(parts, ",")
print(#s, s:sub(1, 20), s:sub(-10))
local acc = ""
for i = 1, 50 do acc = acc .. i % 10 end
print(acc)
