print("lf then cr")print("after cr")
print(#"x\
y")
