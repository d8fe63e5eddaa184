print(unpack == table.unpack, type(unpack))
print(select("#", unpack({1, 2, 3})))
