local mt = {__concat = function(a, b)
  local function s(x) return type(x) == "table" and "T" or tostring(x) end
  return s(a) .. s(b)
end}
local t = setmetatable({}, mt)
print(t .. "x", "x" .. t, t .. 1, 1 .. t, t .. t)
print("a" .. t .. "b")
