x = "global"
local f = loadstring("return x")
print(f())
local y = "local y"
print(loadstring("return y")())
