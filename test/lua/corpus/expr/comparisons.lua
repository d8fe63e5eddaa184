print(1 < 2, 2 < 1, 1 <= 1, 1 >= 2, 1 == 1.0, 1 ~= 1)
print("a" < "b", "a" < "B", "abc" < "abd", "" < "a", "Z" < "a", "10" < "9")
print("a\0b" < "a\0c", "a" < "a\0", #"a\0")
print(1 == "1", "1" == 1, nil == false, {} == {})
local t = {} ; print(t == t, t ~= {})
print(0/0 == 0/0, 0/0 ~= 0/0, 1/0 > 1e308, -1/0 < -1e308)
local nan = 0/0
print(nan < 1, nan > 1, nan <= nan, nan >= nan)
