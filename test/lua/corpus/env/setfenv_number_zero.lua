local old = getfenv(0)
local ok = pcall(setfenv, 0, old)
print(ok)
