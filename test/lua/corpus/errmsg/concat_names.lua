local function try(f) local ok, e = pcall(f) print(e) end
local t = {}
try(function() return "a" .. t end)
try(function() return t .. "a" end)
try(function() return "a" .. t.x end)
try(function() return "a" .. glob end)
try(function() return "a" .. true end)
try(function() return 1 .. {} .. 2 end)
