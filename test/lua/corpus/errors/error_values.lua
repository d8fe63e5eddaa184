print(pcall(error, "msg"))
print(pcall(error, "msg", 0))
print(pcall(error, 42))
print(pcall(error, nil))
print(pcall(error))
print(pcall(error, true))
local t = {code = 7}
local ok, e = pcall(error, t)
print(ok, e == t, e.code)
