local function lvl1() error("at level 1", 1) end
local function lvl2() error("at level 2", 2) end
local function caller() lvl2() end
print(pcall(lvl1))
print(pcall(caller))
print(pcall(function() error("level 0", 0) end))
print(pcall(function() error("default") end))
local function deep3() error("lvl3", 3) end
local function deep2() deep3() end
local function deep1() deep2() end
print(pcall(deep1))
