"""Builtins over containers: enumerate, zip, reversed, sorted, sum, min,
max, any, all, list(), and comprehensions with nested for and if."""
#pythran export iters(int list, float list)
#pythran export reductions(float list)
#pythran export empty_max(int list)
#pythran export nested(int)
#pythran export flags(int list)
#pythran export dicts(str list, int list)
#pythran export in_tuple(int, str)
#pythran export over_tuple(int)
#runas iters([1, 2, 3], [0.5, 1.5]), iters([], [])
#runas reductions([3.5, -1.0, 2.0])
#runas empty_max([])
#runas empty_max([4, 9, 2])
#runas nested(4), nested(0)
#runas flags([1, 2, 3]), flags([0, 2]), flags([])
#runas dicts(["a", "bb", "a"], [1, 2, 3]), dicts([], [])
#runas in_tuple(2, "b"), in_tuple(5, "c")
#runas over_tuple(7)


def iters(a, b):
    e = [(i, x) for i, x in enumerate(a)]
    e1 = [i * x for i, x in enumerate(a, 1)]
    z = [x * y for x, y in zip(a, b)]
    r = [x for x in reversed(a)]
    s = []
    for i, (x, y) in enumerate(zip(a, b)):
        s.append(i + x + y)
    return e, e1, z, r, s, list(range(3)), list(a)


def reductions(xs):
    return sum(xs), min(xs), max(xs), sum(x * x for x in xs), min(x for x in xs if x > 0), sorted(xs, reverse=True)


def empty_max(xs):
    return max(xs), min(x + 1 for x in xs)


def nested(n):
    pairs = [(i, j) for i in range(n) for j in range(i) if (i + j) % 2 == 1]
    flat = [x for row in [[1, 2], [3], []] for x in row]
    return pairs, flat, sum(i * j for i, j in pairs)


def flags(xs):
    return any(x > 2 for x in xs), all(x > 0 for x in xs), any(xs), all(xs), sum(xs)


def dicts(ks, vs):
    d = dict(zip(ks, vs))
    e = dict(d)
    e["zz"] = 0
    return d, e, dict((k, len(k)) for k in ks), dict(enumerate(ks))


def in_tuple(x, s):
    return x in (1, 2, 3), x not in (4, 5), s in ("a", "b"), 2.0 in (1, 2)


def over_tuple(n):
    out = []
    for k in (1, n, 3):
        out.append(k * 2)
    return out, [s.upper() for s in ("a", "b")], sum((n, n, 1))
