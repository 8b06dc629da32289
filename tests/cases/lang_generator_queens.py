"""N-queens with generators: a recursive backtracking generator that yields
complete placements (materialized inner levels), a permutation generator
filtered by a diagonal test, and itertools.permutations; all three must
agree with CPython (and each other)."""
#pythran export solve_backtrack(int)
#pythran export solve_perms(int)
#pythran export solve_itertools(int)
#pythran export first_solution(int)
#runas solve_backtrack(1), solve_backtrack(4), solve_backtrack(6), solve_backtrack(3)
#runas solve_perms(5), solve_perms(6)
#runas solve_itertools(6)
#runas first_solution(8), first_solution(2)
from itertools import permutations


def ok(cols, c):
    r = len(cols)
    for i in range(r):
        if cols[i] == c or abs(cols[i] - c) == r - i:
            return False
    return True


def place(n, cols):
    if len(cols) == n:
        yield cols
        return
    for c in range(n):
        if ok(cols, c):
            yield from place(n, cols + [c])


def solve_backtrack(n):
    sols = list(place(n, [0] * 0))
    return len(sols), sols[:3]


def perms(xs):
    if not xs:
        yield []
    for i in range(len(xs)):
        for rest in perms(xs[:i] + xs[i + 1:]):
            yield [xs[i]] + rest


def diagonal_free(p):
    n = len(p)
    return len({p[i] + i for i in range(n)}) == n and len({p[i] - i for i in range(n)}) == n


def solve_perms(n):
    return sum(1 for p in perms(list(range(n))) if diagonal_free(p))


def solve_itertools(n):
    count = 0
    for p in permutations(range(n), 6):
        if diagonal_free(list(p)):
            count += 1
    return count


def first_solution(n):
    for sol in place(n, [0] * 0):
        return sol
    return [-1]
