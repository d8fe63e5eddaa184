local ok, tb = xpcall(function() error("tb test") end, debug.traceback)
print(ok, type(tb), tb:match("^[^\n]*"))
print(tb:find("stack traceback:", 1, true) ~= nil)
