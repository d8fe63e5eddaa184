local t = {1, 2, 3, nil}
print(#t)
t[4] = 4
print(#t)
t[#t + 1] = 5
print(#t)
t[#t] = nil
print(#t)
local e = {}
print(#e, #"", #"\0\0")
local s = {n = 1}
print(#s)
local h = {}
for i = 1, 10 do h[i] = i end
print(#h)
