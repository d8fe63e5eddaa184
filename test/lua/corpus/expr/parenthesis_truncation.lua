local function mr() return 1, 2, 3 end
print(mr())
print((mr()))
local a, b = (mr())
print(a, b)
local t = {(mr())}
print(#t)
