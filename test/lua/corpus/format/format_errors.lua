local f = string.format
print(pcall(f, "%d", "x"))
print(pcall(f, "%d"))
print(pcall(f, "%y", 1))
print(pcall(f, "%10.123f", 1))
print(pcall(f, "%123d", 1))
print(pcall(f))
print(f("%d", "10"), f("%s %d", "a", "0x10"))
print(pcall(f, "%", 1))
