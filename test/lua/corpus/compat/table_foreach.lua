local t = {10, 20, 30}
table.foreachi(t, function(i, v) print(i, v) end)
local r = table.foreachi(t, function(i, v) if v == 20 then return "stop at " .. i end end)
print(r)
local keys = {}
table.foreach({a = 1, b = 2}, function(k, v) keys[#keys + 1] = k .. v end)
table.sort(keys)
print(table.concat(keys, " "))
