local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
local s = table.concat(all)
print(#s, s:byte(1), s:byte(256), s:sub(66, 70))
local q = string.format("%q", s)
print(loadstring("return " .. q)() == s)
print(s:upper():sub(98, 101), s:lower():sub(66, 69))
