local function idiv(a, b) return math.floor(a / b) end
print(idiv(7, 2), idiv(-7, 2), idiv(7, -2), 7 % 2, -7 % 2, 7 % -2)
print(2^31 % 7, (2^53 - 1) % 1000, -2^53 % 3)
