"""Element types inferred from later use: empty displays filled through a
variable, an element of one (`g[i].append`), or a dict value
(`d.setdefault(k, []).append`, `d[k] = []` then `d[k].append`)."""
#pythran export group(int list)
#pythran export grid(int)
#pythran export buckets(str list)
#pythran export later(int)
#pythran export never_filled(int)
#runas group([1, 2, 3, 4, 5, 6, 7]), group([])
#runas grid(4), grid(0)
#runas buckets(["ab", "ac", "b"]), buckets([])
#runas later(3), later(0)
#runas never_filled(2)


def group(xs):
    d = {}
    for x in xs:
        d.setdefault(x % 3, []).append(x)
    return d


def grid(n):
    g = [[] for _ in range(n)]
    for i in range(n):
        g[i].append(i * i)
        g[i % 2].append(-i)
    return g


def buckets(ws):
    b = {}
    for w in ws:
        if w[0] not in b:
            b[w[0]] = []
        b[w[0]].append(w)
    return b


def later(n):
    seen = set()
    pairs = []
    i = 0
    while i < n:
        seen.add(i % 2)
        pairs.append((i, float(i) / 2))
        i += 1
    return seen, pairs, [p for p in pairs if p[0] in seen]


def never_filled(k):
    c = {}
    total = c.get(k, 5) + c.pop(k, 1)
    for x in c:
        total += x
    return total, c
