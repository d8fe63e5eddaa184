local t = 86400 * 365 + 3600 * 5 + 61
print(os.date("!%Y-%m-%d %H:%M:%S", t))
print(os.date("!%A %a %B %b %d %j %p %y %w", 1700000000))
print(os.date("!%c", 0))
print(os.date("!%x %X %%", 1234567890))
local d = os.date("!*t", 1700000000)
print(d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday, d.isdst)
print(os.date("%Y", 0))
print(os.date("!%H", 1700000000 + 3600))
