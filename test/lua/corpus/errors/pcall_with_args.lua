print(pcall(function(a, b) return a + b end, 3, 4))
print(pcall(string.rep, "ab", 3))
print(pcall(string.rep))
