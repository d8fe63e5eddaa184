local s = "hello"
print(s:upper(), s.len, ("x"):rep(3), #s:rep(2))
print(pcall(function() return s.foo.bar end))
