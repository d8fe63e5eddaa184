local i = 0
while true do
  i = i + 1
  if i > 5 then break end
end
print(i)
for j = 1, 10 do
  for k = 1, 10 do
    if k > 2 then break end
    io.write(j, ":", k, " ")
  end
  if j >= 3 then break end
end
print()
