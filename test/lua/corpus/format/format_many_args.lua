print(string.format("%s-%s-%s-%s-%s-%s-%s-%s", 1, 2, 3, 4, 5, 6, 7, 8))
print(string.format("%d", 1, 2, 3))
print(string.format("no conversions", 1))
