local n = 0
debug.sethook(function() n = n + 1 end, "", 100)
for i = 1, 10000 do local x = i * 2 end
debug.sethook()
print(n > 0, debug.gethook())
