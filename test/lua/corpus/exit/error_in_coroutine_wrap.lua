local gen = coroutine.wrap(function() coroutine.yield(1) error("wrapped failure") end)
print(gen())
print(gen())
