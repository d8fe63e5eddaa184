-- table.sort of 1e6 pseudo-random numbers, with and without a comparator.
local t0 = os.clock()
local N = 1000000
local a, b = {}, {}
local x = 42
for i = 1, N do x = (x * 1103515245 + 12345) % 2147483648 a[i] = x b[i] = x end
table.sort(a)
table.sort(b, function(p, q) return p > q end)
print("RESULT", a[1], a[N], b[1], b[N])
io.write(string.format("TIME %.6f\n", os.clock() - t0))
