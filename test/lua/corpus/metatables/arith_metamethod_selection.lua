local function mk(name) return setmetatable({}, {__add = function(a, b) return name end, __sub = function() return name .. "-sub" end}) end
local a, b = mk("A"), mk("B")
print(a + b, b + a, a + 1, 1 + b, a - b, "10" + a)
local plain = {}
print(pcall(function() return plain + a end))
print(pcall(function() return a * 2 end))
