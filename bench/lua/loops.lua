-- Numeric for loops summing numbers.
local t0 = os.clock()
local s = 0
for i = 1, 100000000 do s = s + i end
local f = 0
for i = 1, 10000000 do f = f + i * 0.5 end
print("RESULT", s, f)
io.write(string.format("TIME %.6f\n", os.clock() - t0))
