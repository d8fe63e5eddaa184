local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end
print(ack(2, 3), ack(3, 3))
local moves = 0
local function hanoi(n, a, b, c) if n == 0 then return end hanoi(n - 1, a, c, b) moves = moves + 1 hanoi(n - 1, c, b, a) end
hanoi(12, "a", "b", "c")
print(moves)
