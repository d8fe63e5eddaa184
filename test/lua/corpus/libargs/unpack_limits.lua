local a = {} for i = 1, 8000 do a[i] = i end
print(pcall(function() return select('#', unpack(a, 1, 7997)) end))
print(pcall(function() return select('#', unpack(a, 1, 7998)) end))
local b = {} for i = 1, 7999 do b[i] = i end
print(pcall(function() return select('#', unpack(b)) end))
local c = {} for i = 1, 8000 do c[i] = i end
print(pcall(function() return select('#', unpack(c)) end))
print(pcall(function() return select('#', unpack(c, 1)) end))
print(pcall(function() return select('#', unpack(b, 1)) end))
