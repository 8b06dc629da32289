"""Counted loops that run two iterations at a time on SIMD lanes
(`kiln --report` says "loop runs 2 iterations at a time"): every lane-wise
operation must give exactly the scalar result. Odd and even trip counts,
empty ranges, negative and non-unit steps, private temporaries read after
the loop, conditional integer sums, power-of-two
`%` and `//` of negative numbers, shifts, NaN comparisons, int-to-float
conversions inside and outside the exact fast range, and bools."""
#pythran export lcg_count(int, int)
#pythran export stepped_sum(int, int, int)
#pythran export after_loop(int)
#pythran export floor_ops(int, int)
#pythran export shifts(int)
#pythran export big_convert(int, int)
#pythran export float_chain(int, float)
#pythran export nan_compare(int, float)
#pythran export bools(int)
#pythran export invariant_float(int, float, float)
#pythran export par_count(int)
#runas lcg_count(0, 1), lcg_count(1, 1), lcg_count(2, 7), lcg_count(3, 5), lcg_count(1001, 12345)
#runas stepped_sum(0, 100, 3), stepped_sum(100, -7, -3), stepped_sum(5, 5, 1), stepped_sum(10, 0, 1), stepped_sum(-50, 51, 1)
#runas after_loop(0), after_loop(1), after_loop(2), after_loop(7)
#runas floor_ops(-1000, 1001), floor_ops(-3, 4), floor_ops(0, 0)
#runas shifts(0), shifts(33), shifts(1000)
#runas big_convert(0, 100), big_convert(2**62, 33), big_convert(-2**62, 9), big_convert(2**53 - 5, 11)
#runas float_chain(0, 0.5), float_chain(101, 0.1), float_chain(10, -3.75)
#runas nan_compare(5, float('nan')), nan_compare(6, 1.5), nan_compare(9, float('inf'))
#runas bools(0), bools(1), bools(100), bools(101)
#runas invariant_float(0, 1.0, 2.0), invariant_float(9, 0.25, -3.0), invariant_float(10, float('inf'), 1.0)
#runas par_count(0), par_count(1), par_count(99999), par_count(200001)


def lcg_count(n, seed):
    hits = 0
    for i in range(n):
        s = (1103515245 * (i + seed) + 12345) % 2147483648
        x = s / 2147483648.0
        s = (1103515245 * s + 12345) % 2147483648
        y = s / 2147483648.0
        if x * x + y * y <= 1.0:
            hits += 1
    return hits


def stepped_sum(a, b, c):
    total = 0
    for i in range(a, b, c):
        total += i * i - 3 * i
    return total


def after_loop(n):
    t = -1
    x = 0.5
    flag = False
    for i in range(n):
        t = i * 3
        x = t * 0.5
        flag = t % 2 == 0
    return t, x, flag


def floor_ops(a, b):
    s = 0
    for i in range(a, b):
        s += (i % 8) * 1000 + (i // 4) - (i % 1)
    return s


def shifts(n):
    s = 0
    for i in range(n):
        s += ((i << 3) ^ (i >> 1)) | (i & 5)
    return s


def big_convert(base, n):
    total = 0
    last = 0.0
    for i in range(n):
        last = float(base + i * 7)
        if last > 1e18:
            total += 1
    return total, last


def float_chain(n, h):
    last = 0.0
    for i in range(n):
        x = i * h
        last = -x * x + 2.0 * x - 1.0 / 3.0
    return last


def nan_compare(n, v):
    lt = 0
    ne = 0
    for i in range(n):
        w = v * i
        if w < 3.0:
            lt += 1
        if w != w:
            ne += 1
    return lt, ne


def bools(n):
    odd = 0
    last = False
    for i in range(n):
        last = (i % 2 == 1) and not (i % 4 == 0)
        odd += int(last)
    return odd, last


def invariant_float(n, a, b):
    c = 0
    for i in range(n):
        if i * a < b:
            c += 2
        else:
            c -= 1
    return c


def par_count(n):
    hits = 0
    #omp parallel for reduction(+:hits)
    for i in range(n):
        s = (1103515245 * (i + 12345) + 12345) % 2147483648
        if s & 3 == 0:
            hits += 1
    return hits
