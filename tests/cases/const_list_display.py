"""Module-level list displays of constants are constant lists (as lists
computed at compile time): ints, floats, bools and tuples of them, also
built from other constants; read by functions in many ways, and a copy may
be changed."""

#pythran export lookup(int)
#pythran export scaled(float)
#pythran export edges(int)
#pythran export copy_sorted(int)
#runas lookup(3)
#runas lookup(-1)
#runas scaled(0.5)
#runas edges(2)
#runas copy_sorted(4)
N = 4
PRIMES = [2, 3, 5, 7, 11, 13]
WEIGHTS = [0.25, -1.5, N * 0.5, 1e-3]
MASK = [True, False, True]
EDGES = [(0, 1, 0.5), (1, 2, 1.5), (2, N, -2.0)]
ALIAS = PRIMES


def lookup(i):
    return PRIMES[i], len(PRIMES), 7 in PRIMES, i in ALIAS, PRIMES[1:4], MASK


def scaled(x):
    return [w * x for w in WEIGHTS], sum(WEIGHTS), max(WEIGHTS)


def edges(k):
    total = 0.0
    for a, b, w in EDGES:
        if a < k:
            total += w * b
    return total, EDGES[k], EDGES


def copy_sorted(x):
    c = list(PRIMES)
    c.append(x)
    c.sort(reverse=True)
    return c, PRIMES == ALIAS, PRIMES + [x]
