local p = newproxy(true)
local mt = getmetatable(p)
mt.__len = function() return 3 end
mt.__unm = function() return "neg" end
mt.__call = function(self, x) return "called " .. tostring(x) end
mt.__tostring = function() return "proxy!" end
mt.__concat = function(a, b) return "cat" end
mt.__eq = function() return true end
print(#p, -p, p(1), tostring(p), p .. "x", "x" .. p)
local q = newproxy(p)
print(getmetatable(q) == mt, p == q, rawequal(p, q))
print(pcall(newproxy, 1))
print(type(newproxy(false)), getmetatable(newproxy(false)))
