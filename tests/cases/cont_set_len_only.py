"""`len(set(...))` and `len({...})` over a list: the set is sized up front
(`kiln_set_reserve`), since only its length is observed. Counts with
duplicates, filters, nested loops, empty and large inputs, str and tuple
elements, and sets of the same shape that are observed (iterated, printed)
and so keep CPython's layout and order."""
#pythran export distinct(int list)
#pythran export distinct_filtered(int list, int)
#pythran export distinct_nested(int list, int list)
#pythran export distinct_words(str list)
#pythran export distinct_pairs(int list)
#pythran export queens_like(int list)
#pythran export observed(int list)
#runas distinct([3, 1, 3, 2, 1]), distinct([]), distinct([7])
#runas distinct(list(range(1000))), distinct([i % 7 for i in range(1000)])
#runas distinct_filtered([5, -1, 5, 2, -3, 2], 0), distinct_filtered([], 1), distinct_filtered([1, 2], 10)
#runas distinct_nested([1, 2, 3], [10, 20]), distinct_nested([], [1])
#runas distinct_words(["a", "b", "a", "", ""]), distinct_words([])
#runas distinct_pairs([1, 2, 1, 2, 3])
#runas queens_like([0, 4, 7, 5, 2, 6, 1, 3]), queens_like([0, 1, 2, 3]), queens_like([])
#runas observed([40, 1, 33, 9, 17, 1, 8, 64, 25])


def distinct(xs):
    return len(set(x for x in xs)), len({x for x in xs}), len(set([x * 2 for x in xs]))


def distinct_filtered(xs, lo):
    return len(set(x for x in xs if x > lo)), len({x * x for x in xs if x != lo})


def distinct_nested(xs, ys):
    return len(set(x + y for x in xs for y in ys)), len({(x, y) for x in xs for y in ys})


def distinct_words(ws):
    return len(set(w.upper() for w in ws)), len({w + w for w in ws})


def distinct_pairs(xs):
    return len(set((x, x % 2) for x in xs))


def queens_like(vec):
    cols = list(range(len(vec)))
    n = len(vec)
    return n == len(set(vec[i] + i for i in cols)) == len(set(vec[i] - i for i in cols))


def observed(xs):
    s = set(x for x in xs)
    t = {x * 3 for x in xs}
    return list(s), sorted(t) == list(sorted(t)), [x for x in t], len(s), str(s)
