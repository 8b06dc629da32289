"""Containers: `del`, tuples in containers (ordering, hashing), empty results,
str()/repr() and print of containers, mutation during iteration."""
#pythran export dels(int list, str:int dict)
#pythran export tuples(int)
#pythran export empty(int)
#pythran export text(float list)
#pythran export grow_while_iterating(int:int dict)
#pythran export shrink_set(int set)
#pythran export list_mutation(int list)
#runas l = [1, 2, 3]; d = {"a": 1, "b": 2}; dels(l, d), l, d
#runas dels([1], {"b": 1})
#runas dels([], {"a": 1})
#runas tuples(4), tuples(0)
#runas empty(3)
#runas text([1.5, -0.0, 1e16]), text([])
#runas grow_while_iterating({1: 1, 2: 2})
#runas shrink_set({1, 2, 3})
#runas list_mutation([1, 2, 3])


def dels(xs, d):
    del xs[0]
    del d["a"]
    return len(xs), len(d)


def tuples(n):
    pairs = [(i % 2, -i) for i in range(n)]
    pairs.sort()
    s = {(i % 2, i % 3) for i in range(n)}
    d = {(i, i + 1): str(i) for i in range(n)}
    best = max(pairs) if pairs else (0, 0)
    return pairs, sorted(s), d, best, (1, 2) < (1, 3), (2, 0) == (2, 0), (1, 2) != (1, 2)


def empty(n):
    out = []
    return out, {}, set(), len([]), [] == [], n in []


def text(xs):
    print(xs, len(xs))
    print(str(xs), repr(xs), sep=" | ")
    return str(xs), repr(xs), str([xs, xs]), str({"k": xs})


def grow_while_iterating(d):
    for k in d:
        d[k + 100] = k
    return d


def shrink_set(s):
    for x in s:
        s.discard(x)
    return s


def list_mutation(xs):
    seen = []
    for x in xs:
        seen.append(x)
        if x < 3:
            xs.append(x + 10)
    return seen, xs
