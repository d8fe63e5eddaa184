local ok, e = pcall(function() error(setmetatable({}, {__tostring = function() return "custom err" end})) end)
print(ok, tostring(e))
local ok2, e2 = pcall(error, 3.5)
print(ok2, e2, type(e2))
