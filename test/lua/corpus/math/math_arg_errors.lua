print(pcall(math.floor))
print(pcall(math.max))
print(pcall(math.abs, "x"))
print(math.abs("-5"), math.floor("2.5"))
