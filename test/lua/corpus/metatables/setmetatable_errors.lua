print(pcall(setmetatable, 1, {}))
print(pcall(setmetatable, {}, 1))
print(setmetatable({}, nil) ~= nil)
local t = {}
print(setmetatable(t, {}) == t)
