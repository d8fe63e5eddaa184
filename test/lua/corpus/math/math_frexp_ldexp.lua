print(math.frexp(8), math.frexp(0.5), math.frexp(0), math.frexp(-3))
print(math.ldexp(1, 10), math.ldexp(0.5, 1), math.ldexp(3, -1))
local m, e = math.frexp(123.456)
print(math.ldexp(m, e) == 123.456)
