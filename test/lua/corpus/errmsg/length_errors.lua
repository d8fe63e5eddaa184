print(pcall(function() return #5 end))
print(pcall(function() local n = nil return #n end))
print(pcall(function() return #glob end))
print(pcall(function() local t = {} return #t.x end))
