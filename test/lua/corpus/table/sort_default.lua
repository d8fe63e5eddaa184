local t = {5, 2, 8, 1, 9, 3, 7, 4, 6, 0}
table.sort(t)
print(table.concat(t, " "))
local s = {"pear", "apple", "fig", "banana", "Apple"}
table.sort(s)
print(table.concat(s, " "))
local f = {3.5, -1, 2, -7.25, 1e10, -1e-3}
table.sort(f)
print(table.concat(f, " "))
local one = {1} table.sort(one) print(one[1])
local none = {} table.sort(none) print(#none)
