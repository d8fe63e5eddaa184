-- Memory for 1M numbers in a table (array part), as collectgarbage("count") sees it.
-- The bench harness measures our engine with the V8 heap instead (see bench/lua.ts).
collectgarbage()
collectgarbage()
local before = collectgarbage("count")
local t0 = os.clock()
local t = {}
for i = 1, 1000000 do t[i] = i + 0.5 end
local t1 = os.clock()
collectgarbage()
local after = collectgarbage("count")
print("RESULT", #t)
io.write(string.format("MB %.3f\n", (after - before) / 1024))
io.write(string.format("TIME %.6f\n", t1 - t0))
return t
