local t = setmetatable({}, {__index = function(_, k) return k * 2 end})
local co = coroutine.create(function()
  local a = t[5]
  coroutine.yield(a)
  return t[a]
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
