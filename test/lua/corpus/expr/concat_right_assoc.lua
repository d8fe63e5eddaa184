local calls = {}
local mt = {__concat = function(a, b)
  local x = type(a) == "table" and a.name or a
  local y = type(b) == "table" and b.name or b
  calls[#calls + 1] = x .. "+" .. y
  return x .. y
end}
local A = setmetatable({name = "A"}, mt)
local B = setmetatable({name = "B"}, mt)
local r = "x" .. A .. "y" .. B
print(r)
for i, c in ipairs(calls) do print(i, c) end
print("a" .. "b" .. "c" .. 1 .. 2)
