local function many(n) local t = {} for i = 1, n do t[i] = i end return unpack(t) end
print(select('#', many(250)))
local a = {many(100)}
print(#a, a[100])
print(math.max(many(50)))
print(string.char(many(0)) == "")
