local i = 0
repeat
  local j = i * 2
  i = i + 1
until j >= 6
print(i)
local n = 0
repeat local done = n > 3; n = n + 1 until done
print(n)
