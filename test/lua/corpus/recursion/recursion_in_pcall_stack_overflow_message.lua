local function f() return f() + 1 end
local ok, e = pcall(f)
print(ok, (string.find(e, "stack overflow", 1, true)) ~= nil)
local co = coroutine.create(function() local function g() return g() + 1 end return g() end)
local ok2, e2 = coroutine.resume(co)
print(ok2, (string.find(e2, "stack overflow", 1, true)) ~= nil)
