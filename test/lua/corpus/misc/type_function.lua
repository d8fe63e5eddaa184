print(type(nil), type(true), type(1), type("s"), type({}), type(print), type(type), type(coroutine.create(function() end)))
print(pcall(type))
print(type(newproxy()), type(newproxy(true)))
local p = newproxy(true)
getmetatable(p).__index = function(_, k) return k .. "!" end
getmetatable(p).__len = function() return 7 end
print(p.abc, #p)
