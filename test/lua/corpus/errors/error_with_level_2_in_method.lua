local Obj = {}
function Obj.check(x) if type(x) ~= "number" then error("expected number, got " .. type(x), 2) end return x end
local function user() local r = Obj.check("s") return r end
print(pcall(user))
