"""List methods, including their error paths."""
#pythran export methods(int list)
#pythran export pop_at(int list, int)
#pythran export remove(int list, int)
#pythran export index_of(int list, int)
#pythran export sort_floats(float list)
#pythran export build(int)
#runas l = [3, 1, 2]; methods(l); l
#runas methods([])
#runas l = [1, 2, 3]; pop_at(l, 0), l
#runas pop_at([1, 2, 3], -1), pop_at([1, 2, 3], 5)
#runas pop_at([], 0)
#runas l = [1, 2, 1]; remove(l, 1), l
#runas remove([1, 2], 5)
#runas index_of([4, 5, 6, 5], 5), index_of([4, 5], 4)
#runas index_of([4, 5], 7)
#runas sort_floats([2.5, -1.0, 3.25, 0.0, -0.0])
#runas build(5), build(0)


def methods(xs):
    xs.append(10)
    xs.extend([4, 4])
    xs.insert(0, 7)
    xs.insert(-1, 8)
    xs.insert(100, 9)
    n = xs.count(4)
    c = xs.copy()
    xs.sort()
    s1 = xs.copy()
    xs.sort(reverse=True)
    s2 = xs.copy()
    xs.reverse()
    p = xs.pop()
    c.clear()
    return n, c, s1, s2, p, xs


def pop_at(xs, i):
    return xs.pop(i)


def remove(xs, x):
    xs.remove(x)
    return len(xs)


def index_of(xs, x):
    return xs.index(x)


def sort_floats(xs):
    ys = sorted(xs)
    zs = sorted(xs, reverse=True)
    xs.sort()
    return ys, zs, xs


def build(n):
    out = []
    for i in range(n):
        out.append(i * 3 % 5)
    out.sort()
    return out, out.index(out[-1]) if out else -1
