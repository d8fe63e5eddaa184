local f = string.format
print(f("%s|%s|%s", 1/0, -0.0, 1e100))
print(f("%d|%s", "12", 12))
print(f("%5.2s|%-6s|%.0s|", "hello", "hi", "gone"))
print(pcall(f, "%s", setmetatable({}, {__tostring = function() return "meta" end})))
print(pcall(f, "%d", {}))
print(f("%.3s", "\0abc") == "\0ab")
