local a = 1
do
  local a = 2
  print(a)
  do local a = 3 print(a) end
  print(a)
end
print(a)
if true then local a = 4 print(a) end
print(a)
