-- Creating closures and calling them.
local t0 = os.clock()
local function adder(k) return function(x) return x + k end end
local s = 0
for i = 1, 3000000 do local f = adder(i) s = s + f(1) end
local fs = {}
for i = 1, 100 do fs[i] = adder(i) end
for r = 1, 100000 do for i = 1, 100 do s = s + fs[i](r) end end
print("RESULT", s)
io.write(string.format("TIME %.6f\n", os.clock() - t0))
