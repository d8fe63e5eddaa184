local n = 12
print(n .. n, n .. "" .. n, 1.25 .. 2)
print(pcall(function() return "x" .. nil end))
print(pcall(function() return "x" .. true end))
print(pcall(function() local t = {} return t .. "x" end))
