local mt = {__eq = function(a, b) print("__eq called") return true end}
local a = setmetatable({}, mt)
local b = setmetatable({}, mt)
local c = setmetatable({}, {__eq = function() return true end})
print(a == b)
print(a == c)
print(a ~= b)
print(a == a)
print(a == 1)
local d = {}
print(a == d)
