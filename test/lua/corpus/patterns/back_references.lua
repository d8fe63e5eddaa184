print(("abcabc"):match("(abc)%1"))
print(("hello"):match("(l)%1"))
print(('say "hi" and \'bye\''):gsub("([\"'])(.-)%1", "<%2>"))
print(("aXbXc"):match("(X).-%1"))
