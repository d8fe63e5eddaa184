local s = string.rep("ab", 5000) .. "c"
print(#s, s:find("c"), select(2, s:gsub("ab", "")))
print(s:match("^(a*)"), #s:match("(b.*)"))
