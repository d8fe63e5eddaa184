for i = 1, 5 do
  io.write(i, " ")
  i = i * 10
  io.write(i, "; ")
end
print()
local n = 3
for i = 1, n do n = 10 io.write(i, " ") end
print(n)
