local _ = 1
local _a1, A_b, aB = 2, 3, 4
print(_, _a1, A_b, aB)
local t = {["end"] = 1, ["while"] = 2, nil_ = 3}
print(t["end"], t["while"], t.nil_)
local And, OR, Not = 1, 2, 3
print(And, OR, Not)
