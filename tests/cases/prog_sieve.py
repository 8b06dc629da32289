"""Sieve of Eratosthenes on a bool array; counting and listing primes."""
#pythran export count_primes(int)
#pythran export primes_upto(int)
#runas count_primes(1000), count_primes(2), count_primes(0)
#runas primes_upto(50)
import numpy as np


def sieve(n):
    is_p = np.ones(n + 1, dtype=bool)
    is_p[0] = False
    if n >= 1:
        is_p[1] = False
    i = 2
    while i * i <= n:
        if is_p[i]:
            for j in range(i * i, n + 1, i):
                is_p[j] = False
        i += 1
    return is_p


def count_primes(n):
    if n < 2:
        return 0
    is_p = sieve(n)
    c = 0
    for k in range(n + 1):
        if is_p[k]:
            c += 1
    return c


def primes_upto(n):
    is_p = sieve(n)
    c = 0
    for k in range(n + 1):
        if is_p[k]:
            c += 1
    out = np.empty(c, dtype=np.int64)
    c = 0
    for k in range(n + 1):
        if is_p[k]:
            out[c] = k
            c += 1
    return out
