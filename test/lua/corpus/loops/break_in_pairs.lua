local t = {1, 2, 3, 4, 5}
local s = 0
for _, v in ipairs(t) do
  if v == 4 then break end
  s = s + v
end
print(s)
