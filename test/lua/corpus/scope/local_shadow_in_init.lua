local x = 1
local x = x + 1
print(x)
local y = 10
local function f() return y end
local y = 20
print(f(), y)
