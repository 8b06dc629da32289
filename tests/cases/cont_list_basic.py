"""Lists: displays, indexing (negative, out of range), slicing, len, `in`,
`+`, `*`, comparisons, iteration, nested lists."""
#pythran export make(int)
#pythran export index(int list, int)
#pythran export setitem(int list, int, int)
#pythran export slices(int list)
#pythran export ops(float list, float list)
#pythran export cmp(int list, int list)
#pythran export nested(int)
#pythran export contains(int list, int)
#pythran export truth(int list)
#runas make(4), make(0)
#runas index([1, 2, 3], 0), index([1, 2, 3], -1), index([1, 2, 3], -3)
#runas index([1, 2, 3], 3)
#runas index([1, 2, 3], -4)
#runas index([], 0)
#runas l = [1, 2, 3]; setitem(l, 1, 9); l
#runas l = [1, 2, 3]; setitem(l, -1, 7)
#runas setitem([1, 2, 3], 5, 7)
#runas slices([0, 1, 2, 3, 4, 5, 6]), slices([]), slices([1])
#runas ops([1.5, 2.0], [3.0]), ops([], [])
#runas cmp([1, 2], [1, 2]), cmp([1, 2], [1, 3]), cmp([2], [1, 5]), cmp([], [0])
#runas nested(3), nested(0)
#runas contains([1, 2, 3], 2), contains([1, 2, 3], 5), contains([], 1)
#runas truth([]), truth([0])


def make(n):
    a = [n, n + 1, n * 2]
    b = [[i, i * i] for i in range(n)]
    e = []
    return a, b, e + a, len(a), len(b)


def index(xs, i):
    return xs[i]


def setitem(xs, i, v):
    xs[i] = v
    xs[0] += 1
    return xs[i]


def slices(xs):
    return xs[1:3], xs[:2], xs[3:], xs[::2], xs[::-1], xs[-2:], xs[1:-1:3], xs[5:1:-2], xs[:]


def ops(a, b):
    c = a + b
    d = a * 2
    e = 3 * b
    c += [0.5]
    return c, d, e, len(c)


def cmp(a, b):
    return a == b, a != b, a < b, a <= b, a > b, a >= b


def nested(n):
    grid = [[0] * n for _ in range(n)]
    for i in range(n):
        grid[i][i] = i + 1
    total = 0
    for row in grid:
        for x in row:
            total += x
    return grid, total


def contains(xs, x):
    return x in xs, x not in xs, float(x) in [1.0, 2.5]


def truth(xs):
    if xs:
        return "non-empty"
    return "empty"
