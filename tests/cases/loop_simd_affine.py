"""Vector loops whose integers are affine in the loop index modulo a power
of two (`middle/analysis/loop_affine.rs`): they run as their own induction
variables, masked, so every lane must still equal the scalar loop. Covers
`%` and `&` masks of negative values, a wider mask after a narrower one
(not exact: computed as before), chained generators, negative and
non-unit steps, odd trip counts, the loop variable and a temporary read
after the loop, inner loops whose private values the outer loop reads,
ints from before the loop (a seed, an offset) as symbolic terms,
counts under a condition (`hits += 1` as `hits - mask`) next to other
increments, and int-to-float conversions scaled by powers of two (exact
bit tricks) next to scales that must not use them; residues read only
through one such scaled conversion (`biased`), whose induction variables
carry the float's exponent bits, next to residues that also leave the loop,
are also read as ints, have two scales, or are 52 bits wide; trip counts around the vector loop's
eight iterations per step."""
#pythran export masks(int, int, int)
#pythran export chain(int)
#pythran export after(int)
#pythran export nested(int)
#pythran export counts(int)
#pythran export scales(int)
#pythran export wider(int)
#pythran export symbolic(int, int, int)
#pythran export biased(int, int, int)
#pythran export biased_leaks(int)
#pythran export biased_mixed(int)
#pythran export biased_wide(int)
#runas masks(0, 100, 1), masks(-100, 100, 3), masks(100, -100, -7), masks(5, 6, 1), masks(-(2**40), -(2**40) + 999, 5)
#runas [chain(n) for n in (0, 1, 3, 64, 257)]
#runas [after(n) for n in (0, 1, 2, 7)]
#runas nested(0), nested(5), nested(33)
#runas [counts(n) for n in (0, 1, 2, 9, 1000)]
#runas scales(0), scales(3), scales(1001)
#runas wider(0), wider(15), wider(1000)
#runas [biased(n, 0, 1) for n in (0, 1, 7, 8, 9, 15, 16, 17, 100, 1001)]
#runas biased(1000, 7, 3), biased(-1000, 1000, -7), biased(2**40, 2**40 + 333, 1)
#runas [biased_leaks(n) for n in (0, 1, 8, 9, 64, 100)]
#runas [biased_mixed(n) for n in (0, 1, 8, 9, 64, 100)]
#runas [biased_wide(n) for n in (0, 1, 8, 9, 64, 100)]
#runas symbolic(0, 1, 2), symbolic(9, -7, 3), symbolic(1000, 2**40 + 3, -(2**35)), symbolic(33, -(2**62), 2**61)


def masks(start, stop, step):
    total = 0
    big = 0
    for i in range(start, stop, step):
        a = (3 * i - 7) % 16
        b = (-5 * i + 1) & 255
        c = (a + b * 3) % 8
        total += a * 1000 + b + c
        if float(b) * 0.5 > 60.0:
            big += 1
    return total, big


def chain(n):
    # Three generator steps, each fed by the previous one.
    total = 0
    for i in range(n):
        s = (69069 * i + 1) % 4294967296
        t = (69069 * s + 1) % 4294967296
        u = (t * 5 + 3) & 1023
        total += s % 8 + t % 4096 + u
    return total


def after(n):
    j = -1
    k = -1
    hits = 0
    for i in range(n):
        j = (2 * i + 1) % 64
        k = i * 3 - 1
        if j > 10:
            hits += 1
    return i if n else -1, j, k, hits


def nested(n):
    out = []
    s = 0
    for r in range(n):
        for i in range(r):
            s = (5 * i + r) % 32
        out.append(s)
    return out


def counts(n):
    a = 0
    b = 0
    c = 0
    for i in range(n):
        v = (7 * i + 3) % 16
        if v < 5:
            a += 1
        if v > 9:
            b += 2
        if v == 0:
            c = c + 1
        else:
            c = c
    return a, b, c


def scales(n):
    hits = 0
    small = 0.0
    big = 0.0
    neg = 0.0
    for i in range(n):
        s = (12345 * i + 99) % 1048576
        if s / 1048576.0 + s * 0.25 + 2.0 * s > 1000000.0:
            hits += 1
        small = s * 8.095e-320 + s * 9.332636185032189e-302
        big = s * 1.0715086071862673e+301 + 9.094947017729282e-13 * s
        neg = s / -4.0
    return hits, small, big, neg


def wider(n):
    total = 0
    for i in range(n):
        a = (9 * i + 5) % 8
        b = (a + 100 * i) % 1024
        total += b
    return total


def symbolic(n, seed, off):
    total = 0
    for i in range(n):
        s = (3 * (i - seed) + 2 * off) % 1024
        t = (s * 5 - off) & 255
        u = (seed * 2 + i - seed - seed) % 64
        total += s + t * 3 + u
    return total


def biased(start, stop, step):
    hits = 0
    for i in range(start, stop, step):
        s = (1103515245 * (i + 12345) + 12345) % 2147483648
        x = s / 2147483648.0
        s = (1103515245 * s + 12345) % 2147483648
        y = s / 2147483648.0
        u = ((7 * i + 5) % 2251799813685248) * 4.440892098500626e-16
        if x * x + y * y <= 1.0 - u * 1e-3:
            hits += 1
    return hits


def biased_leaks(n):
    # `s` is read after the loop: its last value must be the plain residue.
    s = -1
    hits = 0
    for i in range(n):
        s = (69069 * i + 7) % 1048576
        if s / 1048576.0 < 0.3:
            hits += 1
    return hits, s


def biased_mixed(n):
    # `s` is also read as an int, and `t` through two different scales.
    total = 0
    acc = 0.0
    for i in range(n):
        s = (69069 * i + 7) % 1048576
        t = (3 * i + 1) % 4096
        total += s
        if s / 1048576.0 + t / 4096.0 > t * 0.5 - 100.0:
            total += 1
        acc = t * 0.125
    return total, acc


def biased_wide(n):
    # 52-bit residues are too wide to carry the exponent.
    hits = 0
    for i in range(n):
        s = (2862933555777941757 * i + 3037000493) % 4503599627370496
        if s * 2.220446049250313e-16 < 0.25:
            hits += 1
    return hits
