"""Sets: displays, methods, operators, comprehensions, iteration order."""
#pythran export basics(int set)
#pythran export ops(int set, int set)
#pythran export remove(int set, int)
#pythran export comp(int)
#pythran export strs(str list)
#pythran export str_order(str list)
#runas s = {1, 2, 3}; basics(s), s
#runas basics(set())
#runas ops({1, 2, 3, 4}, {3, 4, 5}), ops(set(), {1})
#runas s = {1, 2}; remove(s, 1), s
#runas remove({1, 2}, 5)
#runas comp(10), comp(0)
#runas strs(["b", "a", "b", "c"])
#runas str_order(["apple", "banana", "cherry", "date", "elder", "fig", "grape"])


def basics(s):
    s.add(10)
    s.add(1)
    s.discard(2)
    s.discard(99)
    n = len(s)
    t = {5, 6, 5}
    return n, 10 in s, 2 in s, t, sorted(s), [x for x in s]


def ops(a, b):
    r = a | b, a & b, a - b, a ^ b
    m = a.union(b), a.intersection(b), a.difference(b), a.symmetric_difference(b)
    c = a.issubset(b), a.issuperset(b), a.isdisjoint(b), a <= b, a < b, a >= b, a > b, a == b, a != b
    a |= {100}
    return r, m, c, a


def remove(s, x):
    s.remove(x)
    return len(s)


def comp(n):
    s = {i * i % 7 for i in range(n)}
    u = set(i % 3 for i in range(n))
    return s, u, len(set(i // 2 for i in range(n))), sum(s)


def strs(xs):
    s = set(xs)
    return sorted(s), len(s), "a" in s


def str_order(ws):
    s = set(ws)
    s.add("zeta")
    s.discard("date")
    return [w for w in s], {w: len(w) for w in s}
