local fs = {}
local i = 0
repeat
  i = i + 1
  local v = i
  fs[i] = function() return v end
until v >= 3
print(fs[1](), fs[2](), fs[3]())
