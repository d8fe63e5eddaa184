local log = {}
local mt = {__lt = function(a, b) log[#log + 1] = "lt(" .. a.v .. "," .. b.v .. ")" return a.v < b.v end}
local function V(v) return setmetatable({v = v}, mt) end
print(V(1) <= V(2), V(3) <= V(2), V(2) >= V(2))
print(table.concat(log, " "))
local mt2 = {__le = function(a, b) return "yes" end}
local p, q = setmetatable({}, mt2), setmetatable({}, mt2)
print(p <= q, p >= q)
print(pcall(function() return p < q end))
