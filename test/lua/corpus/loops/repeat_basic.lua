local i = 10
repeat i = i - 3 until i < 0
print(i)
local n = 0
repeat n = n + 1 if n == 3 then break end until false
print(n)
