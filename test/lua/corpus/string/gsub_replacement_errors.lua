print(pcall(string.gsub, "abc", "b", false))
print(pcall(string.gsub, "abc", "b", function() return {} end))
print(pcall(string.gsub, "abc", "b", "%"))
print(string.gsub("abc", "b", "%x"))
