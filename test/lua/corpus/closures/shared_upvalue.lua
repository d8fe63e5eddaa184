local function counter()
  local n = 0
  return function() n = n + 1 return n end, function() return n end
end
local inc, get = counter()
inc() inc()
print(get())
local inc2, get2 = counter()
inc2()
print(get(), get2())
