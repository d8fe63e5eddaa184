local out = {}
for i = 1, 3 do
  local j = 0
  while j < i do
    j = j + 1
    repeat
      out[#out + 1] = i * 10 + j
    until true
  end
end
print(table.concat(out, ","))
