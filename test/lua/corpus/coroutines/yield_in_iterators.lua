local function words(s)
  return coroutine.wrap(function() for w in s:gmatch("%a+") do coroutine.yield(w, #w) end end)
end
for w, n in words("alpha beta gamma") do io.write(w, ":", n, " ") end
print()
local co = coroutine.create(function()
  for i, v in ipairs({"a", "b"}) do coroutine.yield(i, v) end
  for k = 1, 2 do coroutine.yield(k * 10) end
  return "end"
end)
while true do
  local res = {coroutine.resume(co)}
  print(unpack(res))
  if coroutine.status(co) == "dead" then break end
end
