local x = 3
print(-x, - -x, -(-x), not x, -x ^ 2, (-x) ^ 2)
print(#"abc", #{1, 2, 3}, -#"ab", #"abc" + 1)
local s = "5"
print(-s, type(-s))
