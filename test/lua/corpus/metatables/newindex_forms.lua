local store = {}
local t = setmetatable({}, {__newindex = store})
t.a = 1
print(rawget(t, "a"), store.a)
local log = {}
local u = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v * 2) end})
u.x = 5
u.x = 7
print(u.x, #log)
local p = setmetatable({}, {__newindex = setmetatable({}, {__newindex = function(_, k, v) print("deep", k, v) end})})
p.z = 9
print(rawget(p, "z"))
