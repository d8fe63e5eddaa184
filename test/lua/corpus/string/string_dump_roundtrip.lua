local f = function(a, b) return a + b end
local ok, d = pcall(string.dump, f)
print(ok, type(d))
print(pcall(string.dump, print))
