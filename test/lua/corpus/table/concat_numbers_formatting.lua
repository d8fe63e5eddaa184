print(table.concat({1, 1.5, 1e100, -0.0, 2^53, 1/3}, " "))
print(table.concat({"a", 1, "b", 2}, "", 2, 3))
