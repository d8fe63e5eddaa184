local s = ""
for i = 0, 31 do s = s .. string.char(i) end
local q = string.format("%q", s .. "\127\128\255\"\\")
local bytes = {}
for i = 1, #q do local b = q:byte(i) if b < 32 or b > 126 then bytes[#bytes + 1] = "<" .. b .. ">" else bytes[#bytes + 1] = string.char(b) end end
print(table.concat(bytes))
