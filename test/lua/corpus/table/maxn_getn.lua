print(table.maxn({}), table.maxn({1, 2, 3}), table.maxn({[10] = 1, [2.5] = 1}), table.maxn({n = 1, [-1] = 1}))
print(table.getn({1, 2, 3}), table.getn({}))
print(pcall(table.setn, {}, 1))
