local env = setmetatable({}, {__index = _G})
local chunk = loadstring("a = 1; b = a + 1; return a, b")
setfenv(chunk, env)
print(chunk())
print(a, b, env.a, env.b)
print(_G._G == _G, _G.print == print)
_G.newglobal = 5
print(newglobal)
