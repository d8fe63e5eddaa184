local a, b = "\1", "\255"
print(a < b, "a" < "\128", "abc" < "abcd", "ab\0" > "ab")
local t = {"banana", "apple", "Cherry", "apple2", "", "B"}
table.sort(t)
print(table.concat(t, ","))
