local t = {}
for i = 1, 10 do t[i] = i end
t[5] = nil
local n = #t
print(n == 10 or n == 4)
t[10] = nil
print(#t == 9 or #t == 4)
local s = {n = 0}
s[1] = 1; s[2] = 2; s[3] = 3
s[3] = nil
print(#s)
