print(io.type(io.stdout), io.type(42), io.type(io.stderr))
print(io.write("x") == true)
