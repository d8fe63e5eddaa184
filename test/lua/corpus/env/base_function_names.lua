-- module/require (package library) and dofile/loadfile (files) are left out of scope
local skip = {module = true, require = true, dofile = true, loadfile = true}
local names = {}
for k, v in pairs(_G) do
  if type(v) == "function" and not skip[k] then names[#names + 1] = k end
end
table.sort(names)
print(table.concat(names, " "))
