"""Compile-time evaluation of a list-valued module constant: `cache =
esieve(100)` (a sieve built from sets, a generator and `sorted`) is run at
compile time, and `cache` becomes one constant list that `primes_below`
reads. `esieve` is written exactly as in Pythran's documentation."""

#pythran export primes_below(int)
#runas primes_below(50)
#runas primes_below(2)
#runas primes_below(3)
#runas primes_below(100)
#runas primes_below(1000)
#runas primes_below(-5)
def esieve(n):
    candidates = range(2, n + 1)
    return sorted(set(candidates) - set(p * i for p in candidates for i in range(p, n + 1)))


cache = esieve(100)


def primes_below(x):
    return [p for p in cache if p < x]
