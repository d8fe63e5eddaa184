local function try(f) local ok, e = pcall(f) print(e) end
try(function() return 1 < nil end)
try(function() return "a" < 1 end)
try(function() return {} < {} end)
try(function() return {} <= 1 end)
try(function() return nil > nil end)
try(function() return print < print end)
try(function() return true >= 1 end)
