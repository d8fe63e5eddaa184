-- lua5.1's ^ is C pow(), correctly rounded in glibc; printed with 17 digits to see the last bit.
local cases = {{255, -2}, {123456789, 2}, {99.99, 3}, {3, 0.5}, {2, 0.5}, {10, -5}, {1.1, 10},
  {7, 1/3}, {2, 100}, {1.0000001, 1e7}, {0.5, 1074}, {10, 22}, {10, 23}, {5, -3}, {1e10, 1.5}}
for _, c in ipairs(cases) do
  io.write(string.format("%.17g ^ %.17g = %.17g\n", c[1], c[2], c[1] ^ c[2]))
end
print(string.format("%.17g %.17g", math.pow(255, -2), 255 ^ -2))
print(string.format("%.17g", 99.99 ^ 3 % 16))
