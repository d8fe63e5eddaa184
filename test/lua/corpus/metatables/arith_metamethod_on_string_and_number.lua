local mt = {__add = function(a, b) return "add:" .. type(a) .. "," .. type(b) end}
local t = setmetatable({}, mt)
print(t + 1, 1 + t, t + "x", "x" + t, t + t)
print(pcall(function() return {} + 1 end))
