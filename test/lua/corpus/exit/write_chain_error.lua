io.write("one "):write("two\n")
