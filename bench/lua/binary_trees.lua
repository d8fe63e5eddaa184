-- binary-trees (Computer Language Benchmarks Game), depth 14.
local t0 = os.clock()
local function bottomUp(depth)
  if depth == 0 then return {} end
  depth = depth - 1
  return {bottomUp(depth), bottomUp(depth)}
end
local function check(tree)
  if tree[1] then return 1 + check(tree[1]) + check(tree[2]) end
  return 1
end
local N = 14
local maxdepth = N
local stretch = maxdepth + 1
local out = {}
out[#out + 1] = check(bottomUp(stretch))
local long = bottomUp(maxdepth)
for depth = 4, maxdepth, 2 do
  local iters = 2 ^ (maxdepth - depth + 4)
  local c = 0
  for i = 1, iters do c = c + check(bottomUp(depth)) end
  out[#out + 1] = c
end
out[#out + 1] = check(long)
print("RESULT", table.concat(out, " "))
io.write(string.format("TIME %.6f\n", os.clock() - t0))
