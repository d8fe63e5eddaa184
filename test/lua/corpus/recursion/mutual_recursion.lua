local isEven, isOdd
function isEven(n) if n == 0 then return true end local r = isOdd(n - 1) return r end
function isOdd(n) if n == 0 then return false end local r = isEven(n - 1) return r end
print(isEven(5000), isOdd(5001), isEven(7))
