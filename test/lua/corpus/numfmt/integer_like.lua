for i = -3, 3 do io.write(i / 2, " ") end
print()
for _, v in ipairs({1e0, 1e1, 1e2, 1e13, 1e14, 1e15, 1e16, 1e17}) do io.write(v, " ") end
print()
print(2^52 + 0.5, 2^52 + 1, 4503599627370497)
print(math.floor(-0.5), math.ceil(-0.5), math.floor(0.5))
