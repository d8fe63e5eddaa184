-- String building with table.concat and with .. in a loop.
local t0 = os.clock()
local parts = {}
for i = 1, 1000000 do parts[#parts + 1] = tostring(i) end
local big = table.concat(parts, ",")
local acc = 0
for r = 1, 200 do
  local s = ""
  for i = 1, 500 do s = s .. "x" end
  acc = acc + #s
end
print("RESULT", #big, acc)
io.write(string.format("TIME %.6f\n", os.clock() - t0))
