print(nil and 1, false and 1, 0 and 1, "" and 1)
print(nil or 1, false or nil, 0 or 1, false or false)
print(1 and 2 or 3, nil and 2 or 3, 1 and nil or 3, 1 and false or 3)
print(not nil, not false, not 0, not "", not not nil)
local function f() print("f called") return true end
print(false and f())
print(true or f())
print(nil or f())
local t = {}
print(t and t.x and t.x.y)
