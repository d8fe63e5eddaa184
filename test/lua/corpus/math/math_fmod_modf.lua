print(math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3), math.fmod(7.5, 2))
print(math.modf(3.7), math.modf(-3.7), math.modf(5))
print(math.modf(1/0), math.modf(-1/0))
print(math.fmod(1, 0) ~= math.fmod(1, 0), math.fmod(0, 5))
