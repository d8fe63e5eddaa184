local i, s = 0, 0
while i < 5 do
  local k = i * i
  s = s + k
  i = i + 1
end
print(i, s, k)
