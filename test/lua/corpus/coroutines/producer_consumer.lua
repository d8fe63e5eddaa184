local producer = coroutine.create(function()
  for _, item in ipairs({"x", "y", "z"}) do coroutine.yield(item) end
end)
local items = {}
while true do
  local ok, item = coroutine.resume(producer)
  if not item then break end
  items[#items + 1] = item
end
print(table.concat(items), coroutine.status(producer))
