local function try(f) local ok, e = pcall(f) print(e) end
local loc
try(function() return loc.x end)
try(function() return undefined_global.x end)
local t = {}
try(function() return t.field.x end)
try(function() return t[1].x end)
try(function() local up = loc return function() return up.x end end)
try(function() local s = 5 return s.x end)
try(function() return ("x").y.z end)
try(function() local b = true return b[1] end)
