for w in string.gfind("one two", "%a+") do io.write(w, ";") end
print()
print(math.mod(7, 3), math.mod(-7, 3), math.fmod(-7, 3))
print(gcinfo() > 0)
