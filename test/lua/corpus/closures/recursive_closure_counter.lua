local function mk(n)
  if n == 0 then return function() return 0 end end
  local inner = mk(n - 1)
  return function() return n + inner() end
end
print(mk(10)(), mk(100)())
