-- Microbenchmark: ns per table read, t[i % 100 + 1], minus the same loop without the read.
local N = 20000000
local t = {}
for i = 1, 100 do t[i] = i end
local t0 = os.clock()
local s = 0
for i = 1, N do s = s + t[i % 100 + 1] end
local t1 = os.clock()
local b = 0
for i = 1, N do b = b + (i % 100 + 1) end
local t2 = os.clock()
print("RESULT", s == b)
io.write(string.format("NS %.3f\n", ((t1 - t0) - (t2 - t1)) / N * 1e9))
io.write(string.format("TIME %.6f\n", t2 - t0))
