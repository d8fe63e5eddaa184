print(xpcall(function() error("first") end, function(e) error("second") end))
print(xpcall(function() error("first") end, function(e) return nil end))
