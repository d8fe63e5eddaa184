local cache = setmetatable({}, {__mode = "k"})
local key = {}
cache[key] = "v"
cache.name = "n"
print(cache[key], cache.name, getmetatable(cache).__mode)
local vals = setmetatable({}, {__mode = "v"})
vals[1] = "str"
vals[2] = 42
print(vals[1], vals[2], #vals)
