local function try(src) local f, e = loadstring(src) print(f ~= nil, e) end
try("local f = print\n(f)('x')")
try("local f = print (f)('x')")
try("x = 1\n(print)('y')")
