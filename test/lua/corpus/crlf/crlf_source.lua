print("crlf line 1")
local s = [[a
b]]
print(#s, s:byte(1, -1))
print("line", debug.getinfo(1, "l").currentline)
local t = nil
print(pcall(function() return t.x end))
