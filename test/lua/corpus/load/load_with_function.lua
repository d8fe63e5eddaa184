local parts = {"return ", "1 ", "+ 41"}
local i = 0
local f = load(function() i = i + 1 return parts[i] end)
print(f())
print(load(function() return nil end))
local bad = load(function() return "x = = 1" end, "=reader")
print(bad)
print(pcall(load, 5))
