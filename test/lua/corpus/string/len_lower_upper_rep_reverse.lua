print(string.len(""), string.len("abc"), #"a\0b")
print(string.lower("MiXeD 123 ִײ"), string.upper("mixed 123 הצ"))
print(string.rep("ab", 3), string.rep("x", 0), string.rep("x", -1), string.rep("", 5))
print(string.reverse("abc"), string.reverse(""), ("a\0b"):reverse() == "b\0a")
