-- debug.getlocal at levels above 1: the named locals of callers, at the call they are making.
local function names(level)
  local out = {}
  local i = 1
  while true do
    local name, value = debug.getlocal(level + 1, i)
    if not name or name:sub(1, 1) == "(" then break end
    out[#out + 1] = name .. "=" .. tostring(value)
    i = i + 1
  end
  return table.concat(out, " ")
end

local function inner(x)
  local y = x * 2
  print("level1", names(1))
  print("level2", names(2))
  print("level3", names(3))
  return y
end

local function middle(a, b)
  local sum = a + b
  local r = inner(sum)
  return r
end

local function outer()
  local tag = "outer"
  local n = 10
  for i = 1, 2 do
    local sq = i * i
    print("iter", i, middle(n, sq))
  end
  return tag
end

print(outer())

-- recursion: each level sees its own activation
local function rec(depth)
  local d = depth
  if depth == 3 then
    for lv = 1, 3 do
      local name, value = debug.getlocal(lv, 1)
      print("rec", lv, name, value)
    end
    return
  end
  rec(depth + 1)
end
rec(1)

-- a method call in between
local obj = {}
function obj:m(v)
  local inside = v .. "!"
  local name, value = debug.getlocal(2, 1)
  print("method caller", name, value)
  return inside
end
local function callsMethod()
  local who = "caller"
  return obj:m(who)
end
print(callsMethod())

-- values are those at the time of the call
local function peek() return debug.getlocal(2, 1) end
local function changes()
  local v = 1
  local a, b = peek()
  v = 2
  local c, d = peek()
  return a .. "=" .. tostring(b) .. " " .. c .. "=" .. tostring(d)
end
print(changes())

-- out of range
print(debug.getlocal(-1, 1))

-- a method call that is not a tail call, and a generic for's control values
local function callsMethod2()
  local who = "caller2"
  local r = obj:m(who)
  return r
end
print(callsMethod2())
local function show2() 
  local out = {}
  for i = 1, 8 do
    local name, value = debug.getlocal(2, i)
    if not name then break end
    out[#out + 1] = name .. "=" .. type(value)
  end
  return table.concat(out, " ")
end
for k, v in pairs({10}) do
  print(show2())
end
for i = 3, 1, -1 do
  if i == 2 then print(show2()) end
end
-- through pcall: level 2 is pcall itself (a C function)
local function viaPcall()
  local z = "z"
  local ok, name, value = pcall(function() return debug.getlocal(3, 1) end)
  return ok, name, value
end
print(viaPcall())
