local c = 0
for i = 1, math.huge do c = c + 1 if c == 5 then break end end
print(c)
c = 0
for i = 2^52 - 2, 2^52 do c = c + 1 end
print(c)
for i = 1, 3, math.huge do io.write(i, " ") end print()
