"""A module-level constant list (computed at compile time) read in many
ways: iteration, indexing, slicing, `len`, `in`, `sum`/`min`/`max`,
`sorted`, concatenation and repetition, comparison, passing it to a
function that only reads it, returning it, and copying it before changing
the copy. Lists of floats and of tuples too."""

#pythran export reads(int)
#pythran export copy_then_change(int)
#pythran export passes(int)
#pythran export returns_it(int)
#pythran export float_table(float)
#pythran export tuple_table(int)
#runas reads(5)
#runas reads(-3)
#runas copy_then_change(99)
#runas passes(4)
#runas returns_it(0)
#runas float_table(2.5)
#runas tuple_table(3)
def odd_squares(n):
    return [i * i for i in range(n) if i % 2 == 1]


def roots(n):
    return [(i + 1) ** 0.5 for i in range(n)]


def table(n):
    return [(i, i * i) for i in range(n)]


SQ = odd_squares(20)
ROOTS = roots(6)
TABLE = table(5)


def total(xs):
    s = 0
    for v in xs:
        s += v
    return s


def reads(x):
    first = SQ[0]
    last = SQ[-1]
    pick = SQ[x]
    part = SQ[2:5]
    n = len(SQ)
    has = 81 in SQ
    hasnt = x in SQ
    s = sum(SQ)
    lo = min(SQ)
    hi = max(SQ)
    rev = sorted(SQ, reverse=True)
    both = SQ + [x]
    rep = SQ[:2] * 2
    same = SQ == odd_squares(20)
    idx = SQ.index(49)
    cnt = SQ.count(x)
    return first, last, pick, part, n, has, hasnt, s, lo, hi, rev, both, rep, same, idx, cnt


def copy_then_change(x):
    c = list(SQ)
    c.append(x)
    c[0] = -1
    c.sort()
    return c, SQ


def passes(x):
    return total(SQ) + x, [i for i, v in enumerate(SQ) if v > x]


def returns_it(x):
    return SQ


def float_table(x):
    return [r * x for r in ROOTS], ROOTS[1]


def tuple_table(x):
    a, b = TABLE[x]
    return TABLE, a + b, [p for p, q in TABLE if q > x]
