local f = function() return true end
local a = setmetatable({}, {__eq = f})
local b = setmetatable({}, {__eq = f})
local c = setmetatable({}, {__eq = function() return true end})
print(a == b, a == c, b == c)
local mt = {__eq = function(x, y) return x.id == y.id end}
local x = setmetatable({id = 1}, mt)
local y = setmetatable({id = 1}, mt)
local z = setmetatable({id = 2}, mt)
print(x == y, x == z, x ~= z)
local t = {}
for _, v in ipairs({x, y, z}) do t[v] = true end
local n = 0 for _ in pairs(t) do n = n + 1 end
print(n)
