local f
do
  local x = 10
  f = function() x = x + 1 return x end
  x = 20
end
print(f(), f())
