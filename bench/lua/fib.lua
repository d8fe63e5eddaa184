-- Recursive Fibonacci: function calls and integer arithmetic.
local t0 = os.clock()
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local r = fib(32)
print("RESULT", r)
io.write(string.format("TIME %.6f\n", os.clock() - t0))
