local function pack(...) return {n = select('#', ...), ...} end
local p = pack(nil, 2, nil)
print(p.n, p[1], p[2], p[3])
print(unpack(p, 1, p.n))
