local goto = 5
print(goto)
local function goto_(x) return x end
print(goto_(3))
local t = {goto = 1}
print(t.goto)
