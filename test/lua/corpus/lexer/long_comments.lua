--[[ a long
comment ]] print("after long comment")
--[==[ level 2 ]] still comment
]==] print("after level 2 comment")
-- short comment [[ not long
print("ok") --[[ trailing ]] print("same line")
---[[ this is a short comment so the next line runs
print("runs")
--]]
