for _, v in ipairs({0, 1, -1, 0.5, 1e15, 1e16, 1e-7, 255, 1/3, 2^24, 2^31, 2^32, 1e300}) do
  io.write(tostring(v), " ", v .. "", "\n")
end
