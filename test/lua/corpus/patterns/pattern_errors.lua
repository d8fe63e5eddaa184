local function try(p) print(pcall(string.find, "abc", p)) end
try("[a")
try("%")
try("(a")
try("a)")
try("%g")
try("[%")
try("%f")
try("(()")
