"""Dicts: displays, indexing, KeyError, methods, iteration in insertion order."""
#pythran export basics(str:int dict)
#pythran export lookup(str:int dict, str)
#pythran export counts(int list)
#pythran export methods(int:float dict)
#pythran export views(str:int dict)
#pythran export comp(int)
#runas d = {"b": 2, "a": 1}; basics(d), d
#runas basics({})
#runas lookup({"x": 1}, "x")
#runas lookup({"x": 1}, "y")
#runas counts([3, 1, 3, 2, 1, 3]), counts([])
#runas d = {1: 0.5, 2: 1.5}; methods(d), d
#runas views({"z": 26, "a": 1, "m": 13})
#runas comp(5), comp(0)


def basics(d):
    d["c"] = 3
    d["a"] += 10
    n = len(d)
    has = "a" in d, "q" in d, "q" not in d
    e = {"k": 1, "j": 2}
    return n, has, e, d == {"a": 11, "b": 2, "c": 3}, d != e


def lookup(d, k):
    return d[k]


def counts(xs):
    c = {}
    for x in xs:
        c[x] = c.get(x, 0) + 1
    return c, sorted(c), list(c.items())


def methods(d):
    a = d.get(1, -1.0)
    b = d.get(7, -1.0)
    s = d.setdefault(3, 9.0)
    s2 = d.setdefault(1, 9.0)
    p = d.pop(2)
    p2 = d.pop(42, 0.0)
    d.update({5: 5.5, 1: 1.25})
    c = d.copy()
    c.clear()
    return a, b, s, s2, p, p2, c, list(d.keys()), list(d.values())


def views(d):
    ks = []
    for k in d:
        ks.append(k)
    vs = [v for v in d.values()]
    items = [(k, v) for k, v in d.items()]
    total = sum(d.values())
    return ks, vs, items, total, max(d), min(d.values())


def comp(n):
    sq = {i: i * i for i in range(n)}
    odd = {k: v for k, v in sq.items() if k % 2 == 1}
    return sq, odd
