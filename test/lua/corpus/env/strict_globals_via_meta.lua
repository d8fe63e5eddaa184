local mt = {__index = function(_, k) error("undefined global " .. k, 2) end, __newindex = function(t, k, v) rawset(t, k, v) end}
setmetatable(_G, mt)
print(pcall(function() return missing end))
defined = 1
print(defined)
setmetatable(_G, nil)
print(missing)
