print(pcall(assert, false))
print(pcall(assert, nil, "custom message"))
print(pcall(assert, false, 42))
print(assert(1, "unused"), select('#', assert(1, 2, 3)))
print(pcall(assert))
local t = {}
local ok, e = pcall(assert, false, t)
print(ok, e == t)
