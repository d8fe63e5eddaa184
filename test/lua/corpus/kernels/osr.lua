-- Summing loops in the main chunk over plain locals (no closure sees them): the loops V8
-- compiles by on-stack replacement. Each leaves the engine's fast copy of the body at least
-- once, late in the loop, and must give what the generic code gives.
local N = 300000
local t = {}
for i = 1, N do t[i] = i * 0.5 end

local s1 = 0
for i = 1, N do s1 = s1 + t[i] end
print("plain", s1)

t[N - 10] = "7"
local s2 = 0
for i = 1, N do s2 = s2 + t[i] end
print("string late", s2)
t[N - 10] = (N - 10) * 0.5

setmetatable(t, { __index = function(_, k) return 1 end })
local s3 = 0
for i = 1, N + 100 do s3 = s3 + t[i] end
print("past the end", s3)

local s4, c4 = 0, 1
for i = 1, N do s4 = s4 + t[i] * 2; c4 = c4 * 1.0000001 end
print("two", s4, string.format("%.10f", c4))

t[N / 2] = false
local s5 = 0
local ok, err = pcall(error, "x")
for i = 1, N / 2 - 1 do s5 = s5 + t[i] end
print("before false", s5)
local s6 = 0
print(pcall(loadstring("local t, s6 = ...; for i = 1, #t do s6 = s6 + t[i] end return s6")))
local s7 = 0
for i = N, 1, -1 do if i == N / 2 then break end s7 = s7 - t[i] end
print("backwards", s7)
local s8 = 1
for i = 1, 1000 do s8 = s8 / t[i] * t[i] end
print("div", s8)
