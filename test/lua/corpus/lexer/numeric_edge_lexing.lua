print(1 .. 2, 2 ..3)
local x = 5
print(x..'', -x..'')
print(0xA+1, 1e1+1, 2^-1)
print(tonumber("0x1p4"), tonumber("1e"), tonumber("1e+"), tonumber("0x"))
