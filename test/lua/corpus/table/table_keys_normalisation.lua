local t = {}
t[1] = "int"
t[1.0] = "float one"
t[2^53] = "big"
print(t[1], t[2^53], #t)
t["1"] = "string one"
print(t[1], t["1"])
local k = {}
t[k] = "table key"
t[true] = "bool key"
print(t[k], t[true], t[{}])
t[1.5] = "frac"
print(t[1.5], t[3/2])
