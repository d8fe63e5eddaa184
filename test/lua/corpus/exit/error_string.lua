print("one")
error("plain message")
