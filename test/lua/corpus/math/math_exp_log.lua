print(math.exp(0), math.exp(1), math.log(1), math.log(math.exp(2)))
print(math.log10(1000), math.log10(0.01), math.log(0), math.log10(0))
print(math.pow(2, 10), math.pow(2, 0.5), math.pow(-8, 1/3) ~= math.pow(-8, 1/3))
print(math.exp(710), math.exp(-1000))
