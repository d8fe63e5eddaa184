local function pack(...) return {...}, select('#', ...) end
local t, n = pack(1, nil, 3)
print(n, t[1], t[2], t[3])
local function count(...) return select('#', ...) end
print(count(), count(nil), count(1, 2, 3))
local function mid(...) return {..., "end"} end
local u = mid(1, 2, 3)
print(#u, u[1], u[2])
local function last(...) return {"start", ...} end
local w = last(1, 2, 3)
print(#w, w[1], w[4])
