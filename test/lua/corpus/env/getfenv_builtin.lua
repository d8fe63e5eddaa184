print(getfenv(print) == _G)
print(pcall(getfenv, -1))
print(pcall(getfenv, 100))
print(type(getfenv(0)))
