local function named() local i = debug.getinfo(1, "n") return i.name, i.namewhat end
print(named())
local t = {}
function t.field() local i = debug.getinfo(1, "n") return i.name, i.namewhat end
print(t.field())
function globalfn() local i = debug.getinfo(1, "n") return i.name, i.namewhat end
print(globalfn())
function t:meth() local i = debug.getinfo(1, "n") return i.name, i.namewhat end
print(t:meth())
