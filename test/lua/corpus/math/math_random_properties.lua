math.randomseed(42)
local ok = true
for i = 1, 1000 do local r = math.random() if r < 0 or r >= 1 then ok = false end end
print("random() in [0,1)", ok)
ok = true
for i = 1, 1000 do local r = math.random(10) if r < 1 or r > 10 or r ~= math.floor(r) then ok = false end end
print("random(10) in 1..10", ok)
ok = true
for i = 1, 1000 do local r = math.random(-5, 5) if r < -5 or r > 5 or r ~= math.floor(r) then ok = false end end
print("random(-5,5) in -5..5", ok)
print(pcall(math.random, 0))
print(pcall(math.random, 2, 1))
print(pcall(math.random, 1, 2, 3))
math.randomseed(7) local a = math.random(1000)
math.randomseed(7) local b = math.random(1000)
print("same seed same value", a == b)
