local mt = {}
mt.__lt = function(a, b) return a.v < b.v end
local function N(v) return setmetatable({v = v}, mt) end
print(N(1) < N(2), N(2) < N(1), N(1) > N(2))
print(N(1) <= N(2), N(2) <= N(1), N(2) >= N(2))
mt.__le = function(a, b) print("le") return a.v <= b.v end
print(N(2) <= N(2))
print(pcall(function() return N(1) < 1 end))
local other = setmetatable({v = 1}, {__lt = function() return true end})
print(pcall(function() return N(1) < other end))
