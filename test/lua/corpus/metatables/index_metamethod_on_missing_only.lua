local base = {shared = "base"}
local obj = setmetatable({own = "own"}, {__index = base})
print(obj.own, obj.shared, rawget(obj, "shared"))
obj.shared = "overridden"
print(obj.shared, base.shared)
obj.shared = nil
print(obj.shared)
local calls = 0
local lazy = setmetatable({present = false}, {__index = function() calls = calls + 1 return "computed" end})
print(lazy.present, lazy.absent, calls)
