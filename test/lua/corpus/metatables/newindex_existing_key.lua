local log = {}
local t = setmetatable({a = 1}, {__newindex = function(t, k, v) log[#log + 1] = k end})
t.a = 2
t.b = 3
print(t.a, t.b, #log, log[1])
