print("a\tb", "a\\b", "q\"q", 'q\'q')
print("\65\066\0677", "\x41")
print(#"\0", #"a\0b", ("a\0b"):byte(2))
print("line1\nline2")
print("bell\a" == "bell\7", "\r" == "\13", "\f\v\b" == "\12\11\8")
print("back\
slash newline")
print(#"\255\254", ("\255"):byte())
print("\z" == "z")
