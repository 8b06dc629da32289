"""A `range(...)` kept in a variable, read only in ways where a list of the
same numbers behaves identically (iterated by loops and comprehensions,
passed to set/sorted/sum/min/max/len/list/any/all/enumerate/
reversed/zip, `in`): Pythran's `esieve` as written for Pythran, and
empty and negative-step ranges."""

#pythran export esieve(int)
#pythran export stats(int, int, int)
#pythran export in_loop(int)
#runas esieve(100)
#runas esieve(2)
#runas esieve(1)
#runas stats(0, 10, 1)
#runas stats(10, -5, -3)
#runas stats(5, 5, 1)
#runas stats(-7, 20, 4)
#runas in_loop(5)


def esieve(n):
    candidates = range(2, n + 1)
    return sorted(set(candidates) - set(p * i for p in candidates for i in range(p, n + 1)))


def stats(a, b, c):
    r = range(a, b, c)
    total = 0
    for x in r:
        total += x
    squares = [x * x for x in r if x % 2 == 0]
    pairs = list(zip(r, reversed(r)))
    numbered = [i * x for i, x in enumerate(r)]
    if len(r) == 0:
        return total, squares, pairs, numbered, 0, 0, 0, False, True, 3 in r, list(r)
    return total, squares, pairs, numbered, sum(r), min(r), max(r), any(r), all(r), 3 in r, list(r)


def in_loop(n):
    out = []
    for k in range(n):
        r = range(k)
        out.append(sum(r))
    return out
