"""Small programs mixing containers with control flow: for/else with break,
while over a list condition (`ys and ys[-1] < 3`), try/except around
indexing, str pipelines."""
#pythran export a(int list)
#pythran export b(str)
#pythran export c(int)
#runas a([1, 2, 3, -1, 2]), a([1, 2, 5]), a([])
#runas b("hello big world"), b("123"), b("  ")
#runas c(0), c(2), c(5), c(-4)


def a(xs):
    total = 0
    for i, x in enumerate(xs):
        if x < 0:
            break
        total += i * x
    else:
        total = -1
    ys = xs[:]
    ys.reverse()
    while ys and ys[-1] < 3:
        ys.pop()
    return total, ys, xs.count(2), [x for x in xs if x in {1, 2}]


def b(s):
    words = s.split()
    caps = [w.capitalize() for w in words if w]
    return " ".join(caps), s.isdigit(), len(s.strip()), s.replace(" ", ""), s[::-1].title()


def c(n):
    try:
        xs = [1, 2, 3]
        return xs[n]
    except IndexError:
        return -1
