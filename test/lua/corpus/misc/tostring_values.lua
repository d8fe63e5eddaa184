print(tostring(nil), tostring(true), tostring(false), tostring(12), tostring("s"))
print(tostring(print):match("^function: ") ~= nil, tostring({}):match("^table: ") ~= nil)
print(tostring(coroutine.create(function() end)):match("^thread: ") ~= nil)
print(pcall(tostring))
