local t = setmetatable({}, {})
getmetatable(t).__index = t
print(pcall(function() return t.x end))
local u = setmetatable({}, {})
getmetatable(u).__newindex = u
print(pcall(function() u.x = 1 end))
local chain = {}
for i = 1, 50 do chain = setmetatable({}, {__index = chain}) end
print(chain.missing)
