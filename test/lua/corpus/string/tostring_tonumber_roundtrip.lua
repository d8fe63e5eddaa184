for _, v in ipairs({0.1, 1/3, 1e100, 123456.789, -2.5e-10}) do
  local s = tostring(v)
  print(s, tonumber(s) == v)
end
