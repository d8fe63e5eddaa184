for i, v in ipairs({"a", "b", "c"}) do print(i, v) end
for i, v in ipairs({1, 2, nil, 4}) do print(i, v) end
for i, v in ipairs({}) do print("never") end
local t = {[1] = "x", [2] = "y", [4] = "z", n = 5}
for i, v in ipairs(t) do print(i, v) end
