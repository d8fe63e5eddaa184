local function inner() local x = {} return x.a.b end
local function outer() return inner() end
outer()
