-- 10000 deep, not more: the engine may run tail calls on the JS stack (issue 3), so only the
-- 10000 levels plain recursion must reach are required of tail calls too.
local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + 1) end
print(loop(10000, 0))
local function a(n) if n == 0 then return "done" end return (a(n - 1)) end
print(a(1000))
local even, odd
function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
print(even(9001), odd(9001))
