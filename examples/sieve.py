#pythran export count_primes(int)
#setup: n = 2000000
#run: count_primes(n)
"""Sieve of Eratosthenes on a boolean array, counting the primes below n."""
import numpy as np


def count_primes(n):
    if n < 3:
        return 0
    composite = np.zeros(n, dtype=np.bool_)
    count = 0
    for i in range(2, n):
        if not composite[i]:
            count += 1
            for j in range(i * i, n, i):
                composite[j] = True
    return count
