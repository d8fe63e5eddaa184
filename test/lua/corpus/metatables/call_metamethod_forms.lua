local callable = setmetatable({}, {__call = function(self, ...) return select('#', ...), ... end})
print(callable())
print(callable(1, nil, 3))
print(pcall(callable, "p"))
local t = {f = callable}
print(t.f("x"))
print(t:f("y") == 2)
local nested = setmetatable({}, {__call = callable})
print(pcall(nested, 1))
