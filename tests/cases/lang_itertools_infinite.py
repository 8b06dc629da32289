"""itertools.count/repeat/islice/chain (front/itertools.rs): infinite
iterators stopped by `break`, `islice` or `zip`-free consumers; islice's
argument errors and CPython's pulling order (a generator source shows which
items islice pulls)."""
#pythran export counting(int)
#pythran export repeating(int)
#pythran export slicing(int, int, int)
#pythran export slice_errors(int, int)
#pythran export pulls(int, int)
#pythran export chaining(int list)
#runas counting(5), counting(0)
#runas repeating(3), repeating(-1)
#runas slicing(0, 10, 3), slicing(2, 5, 1), slicing(5, 2, 1), slicing(0, 0, 2)
#runas slice_errors(-1, 1)
#runas slice_errors(1, 0)
#runas slice_errors(1, 1)
#runas pulls(1, 4), pulls(4, 2), pulls(0, 0)
#runas chaining([1, 2]), chaining([])
import itertools
from itertools import count, repeat, islice, chain


def counting(n):
    out = []
    for i in count():
        if i >= n:
            break
        out.append(i)
    evens = []
    for x in count(10, 2):
        evens.append(x)
        if len(evens) >= n:
            break
    firsts = list(islice(count(5), n))
    floats = list(islice(itertools.count(0.5, 0.25), 3))
    return out, evens, firsts, floats


def repeating(n):
    a = list(repeat("ab", n))
    b = list(islice(repeat(7), 4))
    c = [x * 2 for x in itertools.repeat(1.5, times=2)]
    return a, b, c, sum(repeat(3, n))


def slicing(start, stop, step):
    xs = list(range(20))
    return list(islice(xs, start, stop, step)), list(islice("abcdefgh", stop)), list(islice(range(7), start, None, step))


def slice_errors(a, b):
    if a < 0:
        return list(islice([1, 2, 3], a))
    if b == 0:
        return list(islice([1, 2, 3], 0, 2, b))
    return list(islice([1, 2, 3], a, b))


def source(n):
    for i in range(n):
        print("pull", i)
        yield i


def pulls(start, stop):
    out = []
    for x in islice(source(10), start, stop):
        print("got", x)
        out.append(x)
    return out


def chaining(xs):
    return list(chain(xs, [9, 8], range(2))), list(itertools.chain(source(2), islice(count(100), 2)))
