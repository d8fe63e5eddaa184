local function check(n)
  for i = 1, n do
    if i == 3 then
      local t = nil
      return t[i]
    end
  end
end
print(pcall(check, 5))
local ok, e = pcall(function()
  local list = {1, 2, "three", 4}
  local sum = 0
  for _, v in ipairs(list) do
    sum = sum + v * 2
  end
end)
print(ok, e)
print(pcall(function() local s = "abc" return s:nomethod() end))
print(pcall(function() local n = 5 return n:method() end))
