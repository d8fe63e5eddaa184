local t = {1, 2, 3}
table.insert(t, 5, "far")
print(#t, t[4], t[5], table.maxn(t))
local u = {1, 2, 3}
print(table.remove(u, 5), #u)
print(table.remove(u, 0), #u)
local v = {}
print(table.remove(v, 1), #v)
local w = {"a"}
table.insert(w, 1, "b")
table.insert(w, 1, "c")
print(table.concat(w, ","))
print(pcall(table.insert, w, 0, "zero"))
print(pcall(table.concat, w, ","))
print(w[0], w[1], w[2], w[3], w[4], #w)
