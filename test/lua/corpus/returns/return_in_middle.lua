local function f(x)
  if x > 0 then return "pos" elseif x < 0 then return "neg" end
  do return "zero" end
end
print(f(1), f(-1), f(0))
local function g() local t = {} for i = 1, 10 do if i == 4 then return i, t end t[i] = i end end
local n, t = g()
print(n, #t)
