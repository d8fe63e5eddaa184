local t = {y = {}}
print(pcall(function() return t.y + 1 end))
print(pcall(function() return t.y .. "s" end))
print(pcall(function() return t.y < 1 end))
print(pcall(function() return t.y() end))
print(pcall(function() return t.y.z.w end))
print(pcall(function() t.y.z.w = 1 end))
