local N = 200
local is = {}
for i = 2, N do is[i] = true end
for i = 2, math.floor(math.sqrt(N)) do if is[i] then for j = i * i, N, i do is[j] = false end end end
local primes = {}
for i = 2, N do if is[i] then primes[#primes + 1] = i end end
print(#primes, table.concat(primes, " "))
