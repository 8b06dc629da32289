# golden: before=tailrec,inline,inline,partial-inline pass=constfold+jit-eval+dce+dse*
# Checks: list results are evaluated at compile time too. The module constant
# `cache = esieve(100)` is computed before lowering and read as one constant
# list (`list_const cache = [...]`, no call of esieve); `esieve(20)` inside
# `g` becomes a fresh copy of a constant list (`list_const[fresh]`);
# `esieve(x)` keeps its call (the argument is not constant).

#pythran export primes_below(int)
#pythran export g(int)
def esieve(n):
    candidates = range(2, n + 1)
    return sorted(set(candidates) - set(p * i for p in candidates for i in range(p, n + 1)))

cache = esieve(100)

def primes_below(x):
    return [p for p in cache if p < x]

def g(x):
    small = esieve(20)
    small.append(x)
    return small + esieve(x)
