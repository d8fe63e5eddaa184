local function range(n)
  local i = 0
  return function() i = i + 1 if i <= n then return i end end
end
for i in range(4) do io.write(i, " ") end print()
local function chars(s)
  return function(s, i) i = i + 1 if i <= #s then return i, s:sub(i, i) end end, s, 0
end
for i, c in chars("lua") do io.write(i, c, " ") end print()
