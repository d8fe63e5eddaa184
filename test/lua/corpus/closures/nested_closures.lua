local function outer(a)
  return function(b)
    return function(c) return a + b + c end
  end
end
print(outer(1)(2)(3))
local function make()
  local t = {}
  for i = 1, 3 do
    local j = i * 10
    t[i] = function() j = j + 1 return i, j end
  end
  return t
end
local t = make()
print(t[1]()) print(t[1]()) print(t[2]()) print(t[3]())
