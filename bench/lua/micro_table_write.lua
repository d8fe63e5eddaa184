-- Microbenchmark: ns per table write, t[i % 100 + 1] = i, minus the same loop without the write.
local N = 20000000
local t = {}
for i = 1, 100 do t[i] = 0 end
local t0 = os.clock()
for i = 1, N do t[i % 100 + 1] = i end
local t1 = os.clock()
local b = 0
for i = 1, N do b = i % 100 + 1 end
local t2 = os.clock()
print("RESULT", t[1], b)
io.write(string.format("NS %.3f\n", ((t1 - t0) - (t2 - t1)) / N * 1e9))
io.write(string.format("TIME %.6f\n", t2 - t0))
