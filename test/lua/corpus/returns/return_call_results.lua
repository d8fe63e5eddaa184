local function three() return 1, 2, 3 end
local function pass() return three() end
local function paren() return (three()) end
local function tbl() return {three()} end
print(pass())
print(paren())
print(#tbl())
print(select('#', pass()), select('#', paren()))
