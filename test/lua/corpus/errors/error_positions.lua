-- Positions of error/assert messages (luaL_where) on the paths the engine takes without
-- looking at the stack, and on the ones where it must.
print(pcall(function() error("plain") end))
print(pcall(error, "direct from pcall"))
print(pcall(error, "direct level 2", 2))
print(pcall(function() error("level 2 to pcall", 2) end))
local function inner() error("level 2 to caller", 2) end
local function outer()
  inner()
end
print(pcall(outer))
print(pcall(function() error(42) end))
print(pcall(function() error("no position", 0) end))
print(pcall(function() assert(false) end))
print(pcall(function() assert(nil, "assert message") end))
print(pcall(function() assert(1 == 1, "fine") return "ok" end))
print(pcall(assert, false, "assert direct from pcall"))
local e = error
print(pcall(function() e("through a local") end))
print(pcall(function()
  error(
    "args on later lines")
end))
-- a global error replaced by a Lua function, then the real one called from a host function
local real = error
error = function(m) return "not raised: " .. m end
print(error("x"))
error = real
print(pcall(error, "after the swap"))
print(select(2, pcall(string.rep)))
-- in a loop (the hinted path is taken many times)
local n = 0
for i = 1, 1000 do
  local ok, msg = pcall(function() error("loop " .. i) end)
  if not ok and msg == "error_positions.lua:34: loop " .. i then n = n + 1 end
end
print(n)
-- error with a table value keeps it as is
local ok, t = pcall(function() error({code = 7}) end)
print(ok, type(t), t.code)
-- nested pcall inside an error argument
print(pcall(function() error(select(2, pcall(error, "inner")) .. " outer") end))
