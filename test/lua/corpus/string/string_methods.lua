local s = "Hello"
print(s:upper(), s:lower(), s:len(), s:rep(2), s:sub(2, 3), s:byte(1), s:reverse())
print(("%d items"):format(5), ("a,b"):find(","), ("x"):rep(3, nil))
print(#("abc"):rep(1000))
local n = 5
print(pcall(function() return n:upper() end))
