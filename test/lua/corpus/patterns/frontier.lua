print(("THE (quick) fox"):gsub("%f[%a]%a+", "W"))
print(("hello world"):find("%f[%w]%w+", 2))
print(("aaa bbb"):gsub("%f[%S]", "|"))
print(("key1=val1"):match("%f[%d]%d"))
