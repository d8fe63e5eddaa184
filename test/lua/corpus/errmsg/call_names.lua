local function try(f) local ok, e = pcall(f) print(e) end
local loc
try(function() loc() end)
try(function() undefined_fn() end)
local t = {}
try(function() t.method() end)
try(function() t:method() end)
try(function() t[1]() end)
try(function() local s = "str" s() end)
try(function() (nil)() end)
try(function() local x = 1 x.y() end)
