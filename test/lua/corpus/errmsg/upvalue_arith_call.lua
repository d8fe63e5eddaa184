local u
local function f() return u + 1 end
local function g() u() end
local function h() return #u end
print(pcall(f))
print(pcall(g))
print(pcall(h))
