local function f(a, b)
  local info = debug.getinfo(1, "Sln")
  return info.currentline, info.short_src, info.source, info.what, info.linedefined, info.lastlinedefined
end
print(f())
local info = debug.getinfo(print)
print(info.what, info.source, info.short_src, info.currentline, info.linedefined)
local g = function() end
local gi = debug.getinfo(g, "S")
print(gi.what, gi.linedefined, gi.lastlinedefined, gi.source)
print(debug.getinfo(1, "S").what)
print(debug.getinfo(100))
local up1, up2 = 1, 2
local function h() return up1 + up2 end
print(debug.getinfo(h, "u").nups, debug.getinfo(h, "f").func == h)
