"""Generators taking generators (bound lazily), keyword and default
arguments, generators used through a stored variable read once, and
exceptions raised inside a generator's body (CPython's types)."""
#pythran export chain_lazy(int)
#pythran export keywords(int)
#pythran export stored(int)
#pythran export raising(int list)
#pythran export raising_late(int)
#pythran export over_range(int)
#runas chain_lazy(5), chain_lazy(0)
#runas keywords(4)
#runas stored(6)
#runas raising([1, 2, 3]), raising([1, 0, 3])
#runas raising_late(3), raising_late(10)
#runas over_range(4)


def naturals(n):
    i = 0
    while i < n:
        print("produce", i)
        yield i
        i += 1


def doubled(it):
    for x in it:
        yield 2 * x


def take_evens(it, limit=100):
    for x in it:
        if x % 2 == 0:
            yield x
        if x >= limit:
            return


def chain_lazy(n):
    out = []
    for v in doubled(naturals(n)):
        print("got", v)
        out.append(v)
        if v >= 4:
            break
    return out


def scaled(xs, k=1, offset=0):
    for x in xs:
        yield x * k + offset


def keywords(n):
    a = list(scaled([1, 2, 3]))
    b = list(scaled([1, 2, 3], offset=n))
    c = list(scaled(k=n, xs=[4, 5]))
    d = list(take_evens(naturals(n), limit=2))
    return a, b, c, d


def stored(n):
    xs = list(range(n))
    g = scaled(xs, 3)
    total = 0
    for v in g:
        total += v
    h = doubled(naturals(n))
    return total, sum(h)


def inverses(xs):
    for x in xs:
        yield 100 // x


def raising(xs):
    out = []
    for v in inverses(xs):
        out.append(v)
    return out


def checked(n):
    for i in range(n):
        if i > 5:
            raise ValueError("too far")
        yield i


def raising_late(n):
    total = 0
    for v in checked(n):
        total += v
    return total


def over_range(n):
    return list(doubled(range(n))), [x for x in doubled(reversed([1, 2, 3]))]
