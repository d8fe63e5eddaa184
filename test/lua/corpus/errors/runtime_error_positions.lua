local function f()
  local t = nil
  return t.x
end
print(pcall(f))
print(pcall(function()
  local a = {}

  return a.b.c
end))
