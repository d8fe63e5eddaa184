local function runaway(n) return 1 + runaway(n + 1) end
local ok, e = pcall(runaway, 1)
print(ok, type(e), string.find(e, "stack overflow", 1, true) ~= nil)
local function again() local t = {} again() end
ok, e = pcall(again)
print(ok, string.find(e, "stack overflow", 1, true) ~= nil)
print("still alive")
