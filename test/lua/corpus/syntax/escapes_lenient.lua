print("\q" == "q", "\%" == "%", "\[" == "[")
print(#"\z", "a\
b" == "a\nb")
print(loadstring("return '\\999'"))
print(loadstring("return '\\256'"))
print(loadstring("return '\\255'")() == "\255")
