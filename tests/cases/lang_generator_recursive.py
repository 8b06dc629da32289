"""Recursive generators (front/lower/generator.rs): the outermost level is
inlined, the recursive calls are materialized through the list-building twin
`g$list`; `yield from` of generators, lists and ranges; N-queens written with
a recursive permutations generator."""
#pythran export perms_list(int list)
#pythran export count_perms(int)
#pythran export queens(int)
#pythran export first_queens(int)
#pythran export flatten_depth(int)
#pythran export subsets(int list)
#runas perms_list([1, 2, 3]), perms_list([]), perms_list([7])
#runas count_perms(5)
#runas queens(4), queens(5), queens(6)
#runas first_queens(6), first_queens(3)
#runas flatten_depth(3), flatten_depth(0)
#runas subsets([1, 2, 3]), subsets([])


def permutations(xs):
    if len(xs) <= 1:
        yield xs
        return
    for i in range(len(xs)):
        rest = xs[:i] + xs[i + 1:]
        for p in permutations(rest):
            yield [xs[i]] + p


def perms_list(xs):
    return list(permutations(xs))


def count_perms(n):
    return sum(1 for _ in permutations(list(range(n))))


def safe(cols):
    n = len(cols)
    for i in range(n):
        for j in range(i + 1, n):
            if abs(cols[i] - cols[j]) == j - i:
                return False
    return True


def queens(n):
    count = 0
    for cols in permutations(list(range(n))):
        if safe(cols):
            count += 1
    return count


def first_queens(n):
    for cols in permutations(list(range(n))):
        if safe(cols):
            return cols
    return [-1]


def nested(d):
    if d == 0:
        yield 0
    else:
        yield d
        yield from nested(d - 1)
        yield from [d * 100, d * 101]
        yield from range(d)


def flatten_depth(d):
    return list(nested(d))


def powerset(xs):
    if not xs:
        yield []
        return
    for s in powerset(xs[1:]):
        yield s
        yield [xs[0]] + s


def subsets(xs):
    return sorted(powerset(xs))
