local function try(f) local ok, e = pcall(f) print(e) end
local t = {}
local s = "abc"
try(function() return t + 1 end)
try(function() return 1 + t end)
try(function() return t.y * 2 end)
try(function() return glob - 1 end)
try(function() return s + 1 end)
try(function() return -t end)
try(function() return {} ^ 2 end)
try(function() return t.y % 2 end)
try(function() local up = t return function() return up / 2 end end)
try(function() local n = nil return 2 ^ n end)
