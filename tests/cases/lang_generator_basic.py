"""Generator functions inlined where they are iterated
(front/lower/generator.rs): several yields, loops, early return, for-else,
break/continue/return in the consumer, builtin consumers, comprehensions."""
#pythran export squares(int)
#pythran export consumer_flow(int, int)
#pythran export for_else(int, int)
#pythran export builtins(int)
#pythran export comprehensions(int)
#pythran export early_return(int list, int)
#pythran export nested_gens(int)
#pythran export interleave(int)
#runas squares(5), squares(0)
#runas consumer_flow(10, 3), consumer_flow(10, 100), consumer_flow(0, 1)
#runas for_else(5, 2), for_else(5, 7), for_else(0, 0)
#runas builtins(6), builtins(1)
#runas comprehensions(5), comprehensions(0)
#runas early_return([1, 2, -3, 4], 0), early_return([1, 2, 3], 10), early_return([], 0)
#runas nested_gens(4)
#runas interleave(3)


def gen_squares(n):
    for i in range(n):
        yield i * i


def squares(n):
    out = []
    for s in gen_squares(n):
        out.append(s)
    return out


def three(a):
    yield a
    yield a + 1
    yield a * 10


def consumer_flow(n, stop):
    total = 0
    seen = []
    for v in gen_squares(n):
        if v % 2 == 1:
            continue
        if v > stop:
            break
        seen.append(v)
        total += v
    for t in three(n):
        if t == stop:
            return total, seen, -1
    return total, seen, 0


def upto(n):
    i = 0
    while i < n:
        yield i
        i += 1


def for_else(n, k):
    found = -1
    for v in upto(n):
        if v == k:
            found = v
            break
    else:
        found = 100
    return found


def builtins(n):
    return (list(gen_squares(n)), sum(gen_squares(n)), max(gen_squares(n)), min(three(n)),
            sorted(three(n), reverse=True), any(v > 10 for v in gen_squares(n)),
            all(gen_squares(n)), len(set(three(n))))


def comprehensions(n):
    a = [x * 2 for x in gen_squares(n)]
    b = {x % 3 for x in gen_squares(n)}
    c = sum(x for x in upto(n) if x % 2 == 0)
    d = [(i, x) for i, x in enumerate(three(n))]
    return a, b, c, d


def positives(xs, lim):
    for x in xs:
        if x < lim:
            return
        yield x
    yield 1000


def early_return(xs, lim):
    return list(positives(xs, lim))


def pairs(n):
    for i in upto(n):
        for j in upto(i):
            yield i * 10 + j


def nested_gens(n):
    out = []
    for p in pairs(n):
        if p == 32:
            break
        out.append(p)
    return out


def chatty(n):
    for i in range(n):
        print("gen", i)
        yield i
    print("gen done")


def interleave(n):
    for v in chatty(n):
        print("use", v)
    return n
