local t = {}
debug.setmetatable(t, {__index = function() return "dbg" end})
print(t.x, debug.getmetatable(t) == getmetatable(t))
debug.setmetatable(10, {__index = function(n, k) return k .. n end})
print((5).foo)
debug.setmetatable(10, nil)
print(pcall(function() return (5).foo end))
local function f() return x end
debug.setfenv(f, {x = "from env"})
print(f(), debug.getfenv(f).x)
