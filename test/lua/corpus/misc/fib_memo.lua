local memo = {}
local function fib(n) if n <= 2 then return 1 end if memo[n] then return memo[n] end local v = fib(n - 1) + fib(n - 2) memo[n] = v return v end
print(fib(50), fib(78), fib(80))
