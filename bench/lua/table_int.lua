-- Table with integer keys: 1e7 writes then 1e7 reads.
local t0 = os.clock()
local t = {}
for i = 1, 10000000 do t[i] = i end
local s = 0
for i = 1, 10000000 do s = s + t[i] end
print("RESULT", s, #t)
io.write(string.format("TIME %.6f\n", os.clock() - t0))
