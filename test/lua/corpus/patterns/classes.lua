local s = "aZ9 _.\t\n!~\1\127"
for _, c in ipairs({"%a", "%d", "%l", "%s", "%u", "%w", "%x", "%p", "%c", "%A", "%D", "%S", "%W", "%P", "."}) do
  local n = select(2, s:gsub(c, ""))
  io.write(c, "=", n, " ")
end
print()
print(("0123456789abcdefABCDEFgG"):gsub("%x", "") )
