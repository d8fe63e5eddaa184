local t = {}
print(next(t))
t.a = 1
print(next(t))
print(next(t, "a"))
print(next({10}))
print(pcall(next, t, "nope"))
print(type(next), rawequal(next, pairs({})))
