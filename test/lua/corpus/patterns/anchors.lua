print(("hello"):find("^h"), ("hello"):find("^e"), ("hello"):find("o$"), ("hello"):find("l$"))
print(("a$b"):find("$b"), ("^a"):find("^^a"))
print(("hello"):gsub("^", ">"), ("hello"):gsub("$", "<"))
