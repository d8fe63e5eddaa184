local function f() return nil end
print(pcall(function() return f().x end))
print(pcall(function() return f()() end))
print(pcall(function() return ({})[1].x end))
print(pcall(function() return (f()) + 1 end))
print(pcall(function() return #f() end))
print(pcall(function() return f() .. "x" end))
print(pcall(function() local t = {} return t[f()] end))
