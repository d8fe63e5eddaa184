print("before")
io.write("partial line")
local t = nil
print(t.field)
print("never")
