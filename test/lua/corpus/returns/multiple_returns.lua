local function mr() return 1, 2, 3 end
local function none() end
local function onenil() return nil end
print(mr())
print(mr(), 10)
print(10, mr())
print(({mr()})[3], ({mr()})[4])
print(select('#', none()), select('#', onenil()))
print(none())
print((none()))
local t = {mr(), mr()}
print(#t)
local x, y, z, w = mr()
print(x, y, z, w)
