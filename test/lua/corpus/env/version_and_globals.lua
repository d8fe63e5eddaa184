print(_VERSION)
local names = {}
for k, v in pairs(_G) do if type(v) == "table" and k ~= "_G" and k ~= "package" and k ~= "arg" then names[#names + 1] = k end end
table.sort(names)
print(table.concat(names, " "))
local fns = {}
for k, v in pairs(string) do fns[#fns + 1] = k end
table.sort(fns)
print(table.concat(fns, " "))
fns = {}
for k, v in pairs(table) do fns[#fns + 1] = k end
table.sort(fns)
print(table.concat(fns, " "))
fns = {}
for k, v in pairs(math) do fns[#fns + 1] = k end
table.sort(fns)
print(table.concat(fns, " "))
fns = {}
for k, v in pairs(coroutine) do fns[#fns + 1] = k end
table.sort(fns)
print(table.concat(fns, " "))
