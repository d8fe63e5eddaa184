-- string.format, gsub and gmatch.
local t0 = os.clock()
local n = 0
for i = 1, 300000 do n = n + #string.format("%d:%s:%.2f", i, "k", i / 3) end
local text = string.rep("the quick brown fox jumps over the lazy dog ", 2000)
local words = 0
for r = 1, 10 do for w in text:gmatch("%a+") do words = words + 1 end end
local replaced = 0
for r = 1, 10 do local _, c = text:gsub("o", "0") replaced = replaced + c end
print("RESULT", n, words, replaced)
io.write(string.format("TIME %.6f\n", os.clock() - t0))
