-- Microbenchmark: ns to create a small table {i, i} (kept alive in a ring of 100), minus the
-- same loop storing a number instead.
local N = 5000000
local ring = {}
for i = 1, 100 do ring[i] = 0 end
local t0 = os.clock()
for i = 1, N do ring[i % 100 + 1] = {i, i} end
local t1 = os.clock()
for i = 1, N do ring[i % 100 + 1] = i end
local t2 = os.clock()
print("RESULT", ring[1])
io.write(string.format("NS %.3f\n", ((t1 - t0) - (t2 - t1)) / N * 1e9))
io.write(string.format("TIME %.6f\n", t2 - t0))
