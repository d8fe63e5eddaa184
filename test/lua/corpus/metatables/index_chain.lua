local A = {foo = "A.foo"}
local B = setmetatable({bar = "B.bar"}, {__index = A})
local C = setmetatable({}, {__index = B})
print(C.foo, C.bar, C.baz, rawget(C, "foo"))
local D = setmetatable({}, {__index = function(t, k) return k .. "!" end})
print(D.x, D[1], rawget(D, "x"))
