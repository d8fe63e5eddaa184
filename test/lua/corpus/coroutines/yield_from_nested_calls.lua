local function deep(n) if n == 0 then return coroutine.yield("bottom") end return deep(n - 1) + 1 end
local co = coroutine.create(function() return deep(50) end)
print(coroutine.resume(co))
print(coroutine.resume(co, 100))
