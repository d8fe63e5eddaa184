local t = {5, 2, 8, 1, 9, 3}
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, " "))
local people = {{n = "bob", a = 30}, {n = "al", a = 25}, {n = "cy", a = 35}, {n = "di", a = 25}}
table.sort(people, function(x, y) if x.a ~= y.a then return x.a < y.a end return x.n < y.n end)
for _, p in ipairs(people) do io.write(p.n, ":", p.a, " ") end print()
local words = {"ccc", "a", "bb", "dddd"}
table.sort(words, function(a, b) return #a < #b end)
print(table.concat(words, " "))
