local cos = {}
for i = 1, 200 do cos[i] = coroutine.create(function(x) while true do x = coroutine.yield(x + i) end end) end
local s = 0
for round = 1, 3 do for i = 1, 200 do local _, v = coroutine.resume(cos[i], round) s = s + v end end
print(s)
