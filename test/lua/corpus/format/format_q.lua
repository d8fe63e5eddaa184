local f = string.format
print(f("%q", 'he said "hi"\n\tand\\left'))
print(f("%q", "\0\1\2\r\255"))
print(f("%q", 42), f("%q", ""))
print(pcall(f, "%q", nil))
print(loadstring("return " .. f("%q", "round\ntrip\0\"'"))() == "round\ntrip\0\"'")
