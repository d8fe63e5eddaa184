for _, spec in ipairs({"%5.2f", "%-7.3e", "%+g", "% 6d", "%#o", "%#X", "%.0f", "%3c"}) do
  local v = spec:sub(-1) == "c" and 65 or 12.5
  io.write(spec, " -> [", string.format(spec, v), "]\n")
end
