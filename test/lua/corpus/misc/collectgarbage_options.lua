print(type(collectgarbage("count")), collectgarbage("count") > 0)
print(collectgarbage(), collectgarbage("collect"), collectgarbage("step") ~= nil)
print(type(gcinfo()))
print(pcall(collectgarbage, "bogus"))
