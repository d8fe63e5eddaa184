local t = {1, 2, 3, "a", 4.5}
print(table.concat(t), table.concat(t, ", "), table.concat(t, "-", 2, 4), table.concat(t, "-", 4, 2) == "")
print(table.concat({}), table.concat({}, "x"), table.concat({"only"}, ","))
print(pcall(table.concat, {1, {}, 3}))
print(pcall(table.concat, {1, 2}, ",", 1, 3))
print(pcall(table.concat, {true}))
print(table.concat({1, 2, 3}, 0))
