-- Method calls on objects whose class is a metatable (__index).
local t0 = os.clock()
local Point = {}
Point.__index = Point
function Point.new(x, y) return setmetatable({x = x, y = y}, Point) end
function Point:add(o) return Point.new(self.x + o.x, self.y + o.y) end
function Point:len2() return self.x * self.x + self.y * self.y end
local acc = Point.new(0, 0)
local d = Point.new(1, 2)
local s = 0
for i = 1, 3000000 do acc = acc:add(d) s = s + acc:len2() % 7 end
print("RESULT", acc.x, acc.y, s)
io.write(string.format("TIME %.6f\n", os.clock() - t0))
