"""Python's `random` module (runtime/src/pyrandom.rs): after `random.seed(n)`
the compiled module draws exactly CPython's stream (MT19937 seeded by
`init_by_array`, `_randbelow` by rejection, Box-Muller `gauss` with its
cached second value). kiln's state is its own, so every runas seeds inside
the compiled function."""
#pythran export floats(int, int)
#pythran export ints(int, int, int)
#pythran export ranges(int)
#pythran export gaussians(int, int)
#pythran export pick(int, int list, str)
#pythran export mix(int, int list)
#pythran export bad_randint(int, int)
#pythran export bad_range(int, int, int)
#pythran export bad_choice(int list)
#runas floats(12345, 5), floats(0, 3), floats(-7, 2), floats(2**40 + 3, 3), floats(-9223372036854775807, 2)
#runas ints(1, 1, 6), ints(42, -5, 5), ints(7, 0, 2**40), ints(3, 10, 10), ints(99, -2**62, 2**62)
#runas ranges(5), ranges(123)
#runas gaussians(1, 7), gaussians(2024, 4)
#runas pick(11, [5, 6, 7, 8], "hello"), pick(12, [1], "z")
#runas mix(8, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), mix(9, []), mix(10, [4])
#runas bad_randint(5, 1)
#runas bad_range(0, 10, 0)
#runas bad_range(10, 0, 1)
#runas bad_range(0, 10, -1)
#runas bad_range(-3, 0, 0)
#runas bad_choice([])
import random
from random import randint, uniform


def floats(seed, n):
    random.seed(seed)
    a = [random.random() for _ in range(n)]
    b = [uniform(-2.0, 3.0) for _ in range(n)]
    c = random.uniform(1, 5)
    return a, b, c


def ints(seed, lo, hi):
    random.seed(seed)
    return [randint(lo, hi) for _ in range(8)], random.random()


def ranges(seed):
    random.seed(seed)
    out = []
    for k in range(1, 40):
        out.append(random.randrange(k))
        out.append(random.randrange(-k, 3 * k))
        out.append(random.randrange(0, 10 * k, 3))
        out.append(random.randrange(k, -k, -2))
    return out


def gaussians(seed, n):
    random.seed(seed)
    g = [random.gauss(0.0, 1.0) for _ in range(n)]
    h = [random.gauss(10, 0.5) for _ in range(n)]
    random.seed(seed)
    # Reseeding clears the cached second value.
    return g, h, random.gauss(), random.gauss(1.0)


def pick(seed, xs, s):
    random.seed(seed)
    return [random.choice(xs) for _ in range(6)], [random.choice(s) for _ in range(4)]


def mix(seed, xs):
    random.seed(seed)
    random.shuffle(xs)
    ys = [str(x) for x in xs]
    random.shuffle(ys)
    return xs, ys, random.random(), random.randint(0, 100)


def bad_randint(a, b):
    random.seed(1)
    return randint(a, b)


def bad_range(a, b, step):
    random.seed(1)
    if step == 0 and a < 0:
        return random.randrange(a)
    return random.randrange(a, b, step) if step != 1 else random.randrange(a, b)


def bad_choice(xs):
    random.seed(1)
    return random.choice(xs)
