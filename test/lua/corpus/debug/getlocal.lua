local function f(a, b)
  local c = a + b
  local names = {}
  local i = 1
  while i <= 3 do
    local name, value = debug.getlocal(1, i)
    if not name then break end
    names[#names + 1] = name .. "=" .. tostring(value)
    i = i + 1
  end
  return table.concat(names, " ")
end
print(f(1, 2))
