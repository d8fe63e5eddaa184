local up
local function f() return up.x end
print(pcall(f))
local n = 3
local function g() return n.x end
print(pcall(g))
