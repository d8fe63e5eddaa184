local function sum(...)
  local s = 0
  for i = 1, select('#', ...) do s = s + select(i, ...) end
  return s
end
print(sum(), sum(1), sum(1, 2, 3, 4, 5))
local function avg(...) local n = select('#', ...) return n > 0 and sum(...) / n or nil end
print(avg(1, 2, 3, 4), avg())
