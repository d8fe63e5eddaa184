print(pcall(function() for k in nil do end end))
print(pcall(function() for k in 5 do end end))
print(pcall(function() for i, v in ipairs(nil) do end end))
print(pcall(function() for i, v in pairs(nil) do end end))
