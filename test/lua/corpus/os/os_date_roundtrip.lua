local t = os.time({year = 2021, month = 6, day = 15, hour = 8, min = 7, sec = 6})
local d = os.date("*t", t)
print(d.year, d.month, d.day, d.hour, d.min, d.sec)
print(os.date("%Y-%m-%d %H:%M:%S", t))
