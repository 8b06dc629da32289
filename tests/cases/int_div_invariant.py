"""`//` and `%` of int64 values by a divisor computed before the loop: the
loop divides by multiplying with the divisor's precomputed inverse
(`runtime/src/divmagic.rs`). Python ints and NumPy int64 elements,
positive and negative divisors (1, -1, powers of two, primes, the extremes),
numerators up to the int64 limits, floor rounding, division by zero
(Python's ZeroDivisionError, NumPy's 0), a divisor changed inside the loop,
nested and `while` loops; all as CPython computes them."""
import numpy as np

#pythran export hist(int64[:], int)
#pythran export both(int64[:], int)
#pythran export py_ints(int, int, int)
#pythran export nested(int, int)
#pythran export changing(int, int)
#pythran export in_while(int, int)
#pythran export np_zero(int64[:], int64)
#pythran export in_parallel(int, int)
#runas import numpy as np; np.random.seed(0); hist(np.random.randint(-10**6, 10**6, size=5000).astype(np.int64), 64)
#runas import numpy as np; np.random.seed(1); hist(np.random.randint(0, 1000, size=3000).astype(np.int64), 7)
#runas import numpy as np; np.random.seed(2); [both(np.random.randint(-2**62, 2**62, size=400).astype(np.int64), d) for d in (1, -1, 2, -2, 3, -3, 7, 10, -10, 64, 641, -998244353, 2**31, 2**32 + 1, 2**62, -2**62, 2**63 - 1, -2**63)]
#runas import numpy as np; both(np.array([2**63 - 1, -2**63, -2**63 + 1, 0, 1, -1, 12345678912345, -98765432198765], dtype=np.int64), 2**63 - 1)
#runas import numpy as np; both(np.array([2**63 - 1, -2**63, -2**63 + 1, 0, 1, -1, 12345678912345, -98765432198765], dtype=np.int64), -2**63)
#runas import numpy as np; both(np.array([2**63 - 1, -2**63 + 1, 0, 1, -1, 12345678912345, -98765432198765], dtype=np.int64), -1)
#runas [py_ints(a, b, d) for (a, b) in ((-1000, 1000), (2**62, 2**62 + 50)) for d in (1, -1, 3, -7, 1000, -2**40)]
#runas py_ints(0, 10, 0)
#runas nested(40, 7), nested(40, -3), nested(5, 1)
#runas changing(50, 3), changing(50, -5)
#runas in_while(1000, 9), in_while(1000, -11)
#runas in_parallel(3000, 7), in_parallel(3000, -13), in_parallel(10, 1)
#runas import numpy as np; np_zero(np.arange(-5, 6, dtype=np.int64), np.int64(0)), np_zero(np.arange(-5, 6, dtype=np.int64), np.int64(-4))


def hist(values, nbins):
    counts = np.zeros(nbins, dtype=np.int64)
    total = 0
    for i in range(values.shape[0]):
        v = values[i]
        counts[v % nbins] += 1
        total += v // nbins
    return counts, total


def both(values, d):
    q = np.empty(values.shape[0], dtype=np.int64)
    r = np.empty(values.shape[0], dtype=np.int64)
    for i in range(values.shape[0]):
        q[i] = values[i] // d
        r[i] = values[i] % d
    return q, r


def py_ints(a, b, d):
    out = []
    for x in range(a, b):
        out.append((x // d, x % d))
    return out


def nested(n, d):
    # The divisor of the inner loop is set between the two loops.
    s = 0
    for i in range(n):
        e = d * (i - n // 2)
        if e == 0:
            e = 1
        for j in range(-n, n):
            s += (j * 7919) // e + (j * 104729) % e
    return s


def changing(n, d):
    # d changes inside the loop: no precomputed inverse may be reused.
    s = 0
    for i in range(1, n):
        s += (i * 1000003) % d
        d = d + (1 if d > 0 else -1)
    return s, d


def in_while(n, d):
    s = 0
    i = -n
    while i < n:
        s += (i * 31337) // d - (i * 7) % d
        i += 1
    return s


def np_zero(a, d):
    # NumPy int64 // and % by zero give 0 (with a warning), not an error.
    q = np.empty(a.shape[0], dtype=np.int64)
    r = np.empty(a.shape[0], dtype=np.int64)
    for i in range(a.shape[0]):
        q[i] = a[i] // d
        r[i] = a[i] % d
    return q, r


def in_parallel(n, d):
    # A parallel loop (its body outlined) dividing by d, and an inner loop
    # dividing by it too.
    out = np.zeros(n, dtype=np.int64)
    #omp parallel for
    for i in range(n):
        t = (i * 7919) % d
        for j in range(5):
            t += ((i - j) * 104729) // d
        out[i] = t
    return out
