local function g()
  setfenv(1, {print = print, y = "local env y"})
  print(y)
end
g()
local function setter() setfenv(2, {print = print, z = "caller env"}) end
local function h() setter() print(z) end
h()
print(z)
