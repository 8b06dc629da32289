"""Calls of pure functions with constant arguments that return lists are
evaluated at compile time inside functions (the callees are too large to
be inlined): each evaluation still gives a new list (the caller may change
it), for lists of int, float, bool and tuples, and an empty list."""

#pythran export primes_plus(int)
#pythran export twice(int)
#pythran export series(int)
#pythran export flags(int)
#pythran export pairs(int)
#pythran export empty(int)
#runas primes_plus(7)
#runas twice(3)
#runas series(4)
#runas flags(2)
#runas pairs(5)
#runas empty(1)
def primes(n):
    sieve = [True] * (n + 1)
    out = []
    for i in range(2, n + 1):
        if sieve[i]:
            out.append(i)
            for j in range(i * i, n + 1, i):
                sieve[j] = False
    return out


def collatz(n):
    out = [n]
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        out.append(n)
    return out


def basel(n):
    out = []
    s = 0.0
    for k in range(1, n + 1):
        s += 1.0 / (k * k)
        if k % 2 == 0:
            out.append(s)
        else:
            out.append(-s)
    return out


def prime_flags(n):
    ps = primes(n)
    out = []
    for i in range(n):
        found = False
        for p in ps:
            if p == i:
                found = True
        out.append(found)
    return out


def divisor_pairs(n):
    out = []
    for d in range(1, n + 1):
        if n % d == 0:
            q = n // d
            if d <= q:
                out.append((d, q, d * 1.5, d == q))
    return out


def primes_plus(x):
    s = primes(30)
    s.append(x)
    return s


def twice(x):
    a = collatz(27)
    b = collatz(27)
    a[0] = x
    return len(a), a[:5], b[:5], max(b)


def series(x):
    h = basel(9)
    return [v * x for v in h]


def flags(x):
    f = prime_flags(12)
    f.append(x > 1)
    return f


def pairs(x):
    t = divisor_pairs(36)
    return t[x % len(t)], len(t), t


def empty(x):
    e = primes(1)
    e.append(x)
    return e
