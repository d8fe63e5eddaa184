x = 10
local x = 20
print(x, _G.x)
do local x = 30 print(x) end
print(x)
function gf() return "global function" end
local function lf() return "local function" end
print(gf(), lf(), type(_G.gf), type(_G.lf))
