print(("aaa"):match("a*"), ("aaa"):match("a+"), ("aaa"):match("a-"), ("aaa"):match("a?"))
print(("<a><b>"):match("<(.-)>"), ("<a><b>"):match("<(.*)>"))
print(("abc"):match("x*"), ("abc"):match("^(a?)b"), ("bc"):match("^(a?)b"))
print(("  x"):match("^%s*()"), ("aaab"):match("a-b"))
