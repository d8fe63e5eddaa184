-- getfenv/setfenv by level inside coroutines (functions there run in the resumable form).
local env1 = setmetatable({tag = "env1"}, {__index = _G})
local function show(level) return getfenv(level).tag or "global" end

local function worker()
  print("level1", show(2))
  setfenv(1, env1)
  print("after setfenv(1)", tag, show(2))
  coroutine.yield("y1")
  print("resumed", tag)
  return "done"
end

local co = coroutine.create(worker)
print(coroutine.resume(co))
print("main tag", tag)
print(coroutine.resume(co))

-- level 2 inside a coroutine: the function that called the one asking
local env2 = setmetatable({tag = "env2"}, {__index = _G})
local function setCaller() setfenv(2, env2) end
local function caller()
  setCaller()
  print("caller env", tag)
  coroutine.yield()
  print("caller env again", tag)
end
local co2 = coroutine.wrap(caller)
co2()
print("main still", tag)
co2()

-- getfenv(0) is the thread's environment (the globals)
print(coroutine.wrap(function() return getfenv(0) == _G end)())

-- a level beyond the coroutine's own stack
print(coroutine.wrap(function() return pcall(getfenv, 5) end)())

-- nested coroutines
local co3 = coroutine.wrap(function()
  local inner = coroutine.wrap(function()
    setfenv(1, setmetatable({tag = "inner"}, {__index = _G}))
    coroutine.yield(tag)
    return tag
  end)
  print("inner says", inner())
  print("outer sees", tag)
  print("inner again", inner())
end)
co3()

-- a function value and getfenv() with no argument
local function f() return getfenv().tag end
setfenv(f, env2)
print(coroutine.wrap(function() return f(), getfenv(f).tag end)())
