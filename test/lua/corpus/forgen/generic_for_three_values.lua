local function iter(state, ctl)
  if ctl < state.max then return ctl + 1, ctl * 2 end
end
for a, b in iter, {max = 4}, 0 do print(a, b) end
local calls = 0
for x in function() calls = calls + 1 if calls < 3 then return calls end end do io.write(x, " ") end
print(calls)
