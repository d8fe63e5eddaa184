local s = "hello world, hello lua"
print(s:find("hello"), s:find("hello", 2), s:find("xyz"))
print(s:find("o", -5), s:find("l+"), s:find(".", 1, true))
print(s:find("", 1), s:find("", 100), s:find("", #s + 1), s:find("", -1))
print(("a.b"):find(".", 1, true), ("a+b"):find("+", 1, true), ("a(b"):find("(", 1, true))
print(s:find("(h)(e)"), s:find("()ll()"))
print(string.find("abc", "b", -1), string.find("abc", "b", -2))
