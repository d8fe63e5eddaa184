local fs = {}
for i = 1, 3 do
  fs[#fs + 1] = function() return i end
  i = i * 10
  fs[#fs + 1] = function() return i end
end
for _, f in ipairs(fs) do io.write(f(), " ") end
print()
