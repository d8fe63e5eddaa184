local a, b = 5, 3
print(a-b, a- -b, a--b
)
print(a..b, a .. b, "x"..a.."y")
print(not not a, not(a), -a^2, -(a^2))
print(a<b, a>b, a<=b, a>=b, a==b, a~=b)
print(1+2*3-4/2^2%3)
