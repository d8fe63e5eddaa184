local s = "hello world"
print(s:sub(1, 5), s:sub(7), s:sub(-5), s:sub(-5, -3), s:sub(0), s:sub(5, 1))
print(s:sub(100), s:sub(-100, 3), s:sub(3, -100), s:sub(2, 2))
print(string.sub("abc", 2.7), ("abc"):sub("2"))
