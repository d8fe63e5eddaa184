local s = "abcabc"
print(s:find("b", 3), s:find("b", -2), s:find("b", -100), s:find("b", 100))
print(s:find("^b", 2), s:find("^a", 4), s:match("^(a)", 4))
print(s:find("c$", 1), s:find("c$", 4), ("a\nb"):find("a$"))
for k in ("^a^a"):gmatch("^a") do io.write(k, ";") end print()
