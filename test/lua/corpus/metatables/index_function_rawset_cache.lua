local calls = 0
local t = setmetatable({}, {__index = function(t, k) calls = calls + 1 rawset(t, k, k * 2) return k * 2 end})
print(t[1], t[1], t[2], calls)
