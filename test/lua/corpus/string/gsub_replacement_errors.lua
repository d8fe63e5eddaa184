print(pcall(string.gsub, "abc", "b", false))
print(pcall(string.gsub, "abc", "b", function() return {} end))
-- a lone "%" at the end of the replacement adds the terminating NUL byte
local ok, r, n = pcall(string.gsub, "abc", "b", "%")
print(ok, #r, r:byte(1, -1))
print(n)
print(string.gsub("abc", "b", "%x"))
