print([[simple]])
print([[
first newline skipped]])
print([==[with ]] inside and ]=] too]==])
print([=[
level one
]=])
print(#[[

x]])
local s = [[a
b
c]]
print(s, #s)
print([[\n is not an escape here]])
