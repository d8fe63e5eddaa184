-- Numeric for loops whose body only accumulates numbers (`s = s + t[i]` and the like): the
-- engine runs them in a fast copy that leaves for the generic code at the first operand that
-- is not a number or read that misses the table's array part. Each case checks that leaving
-- and coming back gives exactly what the generic code gives, and that errors still say the same.
local N = 200000
local t = {}
for i = 1, N do t[i] = i end

-- plain sums, long enough for the optimised code
local s = 0
for i = 1, N do s = s + t[i] end
print("sum", s)
local f = 0
for i = 1, N do f = f + t[i] * 0.5 end
print("half", f)

-- a hole in the middle: arithmetic on nil, same message and line
t[N / 2] = nil
s = 0
print("hole", pcall(function() for i = 1, N do s = s + t[i] end end))
print("partial", s)
t[N / 2] = N / 2

-- a string element in the middle: coerced, the sum goes on
t[1000] = "1000"
s = 0
for i = 1, N do s = s + t[i] end
print("string elem", s, type(t[1000]))
t[1000] = 1000

-- the accumulator starts as a string: converted by the first addition
s = "10"
for i = 1, 10 do s = s + t[i] end
print("string acc", s, type(s))

-- the accumulator starts as nil: error on the first iteration
s = nil
print("nil acc", pcall(function() for i = 1, 10 do s = s + t[i] end end))

-- __index supplies the odd keys of a table holding only the even ones
local u = setmetatable({}, { __index = function(_, k) return k * 10 end })
for i = 2, 1000, 2 do u[i] = i end
s = 0
for i = 1, 1000 do s = s + u[i] end
print("index", s)

-- __add on a table element
local meta = { __add = function(a, b) return 1000 end }
local v = {}
for i = 1, 100 do v[i] = i end
v[50] = setmetatable({}, meta)
s = 0
for i = 1, 100 do s = s + v[i] end
print("__add", s)

-- two accumulators: the second statement fails, the first must not run twice
local a, b = 0, 0
local m = {}
for i = 1, 100 do m[i] = i end
m[77] = "x"
print("two", pcall(function() for i = 1, 100 do a = a + i; b = b + m[i] end end))
print("two partial", a, b)

-- other operators and operand orders
local p, q, r, d = 1, 100, 0, 1e6
for i = 1, 20 do p = p * (t[i] / i + 0.5); q = q - t[i]; r = t[i] % 7 + r; d = d / (t[i] % 3 + 1) end
print("ops", p, q, r, d)

-- -0 stays -0 through the fast copy
local z = { -0.0, -0.0, -0.0 }
s = -0.0
for i = 1, 3 do s = s + z[i] end
print("neg zero", 1 / s)
s = -0.0
z[2] = nil
print("neg zero hole", pcall(function() for i = 1, 3 do s = s + z[i] end end), 1 / s)

-- non-integer keys miss the array part
local h = setmetatable({}, { __index = function(_, k) return 0.25 end })
for i = 1, 10 do h[i] = i end
s = 0
for i = 1, 10, 0.5 do s = s + h[i] end
print("half keys", s)

-- indexing a non-table
local str = "abc"
s = 0
print("string index", pcall(function() for i = 1, 3 do s = s + str[i] end end))
local num = 5
print("number index", pcall(function() for i = 1, 3 do s = s + num[i] end end))

-- an upvalue accumulator, seen by a closure
local acc = 0
local function get() return acc end
for i = 1, 1000 do acc = acc + t[i] end
print("upvalue", get())

-- inside a function (compiled normally, not by on-stack replacement)
local function total(arr, n)
  local x = 0
  for i = 1, n do x = x + arr[i] * arr[i] end
  return x
end
print("function", total(t, 1000), total({ 1, 2, "3" }, 3))
print("function err", pcall(total, { 1, 2 }, 3))

-- a local read in the operand that is not a number
local k = "2"
s = 0
for i = 1, 5 do s = s + t[i] * k end
print("string local", s)
k = nil
print("nil local", pcall(function() for i = 1, 5 do s = s + t[i] * k end end))

-- a string accumulator that stays a string is an error after the first round
s = 0
print("assign string", pcall(function() for i = 1, 3 do s = s .. "x"; s = s + 1 end end))
