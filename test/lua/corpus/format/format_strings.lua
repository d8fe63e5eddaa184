local f = string.format
print(f("[%s] [%10s] [%-10s] [%.2s] [%5.1s]", "abc", "abc", "abc", "abc", "abc"))
print(f("%s %s %s %s", 1, 1.5, "x", 2^63))
print(f("%s", "with\0nul") == "with\0nul")
print(pcall(f, "%s"))
print(pcall(f, "%s", nil))
print(pcall(f, "%s", {}))
print(f("%%"), f("100%%"), pcall(f, "%5%"))
