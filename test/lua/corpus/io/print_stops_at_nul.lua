-- lua5.1's print writes each string with fputs, so it stops at the first NUL byte;
-- io.write writes every byte.
print("before\0after", "second")
io.write("before\0after", "\n")
print(#"before\0after")
