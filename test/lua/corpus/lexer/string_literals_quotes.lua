print('single "double" inside', "double 'single' inside")
print("multi" .. 'ple' .. [[ kinds]])
print(("x"):rep(3), #"", "" == '', [[]] == "")
