-- Table with string keys: field access by constant names and by computed strings.
local t0 = os.clock()
local keys = {}
for i = 1, 1000 do keys[i] = "key" .. i end
local t = {}
for r = 1, 1000 do for i = 1, 1000 do local k = keys[i] t[k] = (t[k] or 0) + r end end
local o = {x = 1, y = 2, z = 3}
local s = 0
for i = 1, 5000000 do o.x = o.x + o.y; s = s + o.z end
print("RESULT", t.key1, t.key1000, o.x, s)
io.write(string.format("TIME %.6f\n", os.clock() - t0))
