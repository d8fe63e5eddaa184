local function f() return x end
x = "global x"
print(f())
setfenv(f, {x = "env x"})
print(f())
print(getfenv(f).x, getfenv(0) == _G, getfenv() == _G, getfenv(1) == _G)
print(pcall(setfenv, f, 1))
