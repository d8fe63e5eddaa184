local co = coroutine.create(function(...)
  print("args", select('#', ...), ...)
  local r = {coroutine.yield(...)}
  print("resumed with", #r, unpack(r))
  return unpack(r)
end)
print(coroutine.resume(co, 1, nil, 3))
print(coroutine.resume(co, "a", "b", "c", "d"))
