local function inner() error("inner") end
local ok, e = pcall(function()
  local ok2, e2 = pcall(inner)
  print("inner caught", ok2, e2)
  error("outer")
end)
print(ok, e)
print(pcall(pcall, error, "x"))
print(select('#', pcall(error)))
