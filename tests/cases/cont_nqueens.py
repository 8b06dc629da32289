#pythran export nqueens(int)
#runas nqueens(6)
#runas nqueens(5), nqueens(4), nqueens(1), nqueens(0)
#runas permutations_of([1, 2, 3])
#pythran export permutations_of(int list)
#setup: n = 8
#run: nqueens(n)
#size: n = 8 (40320 perms)
"""(e) N-queens by brute force over all permutations (built recursively as
plain lists), keeping those whose two diagonal sets have n distinct entries."""


def permutations_of(items):
    if len(items) <= 1:
        return [list(items)]
    result = []
    for i in range(len(items)):
        head = items[i]
        rest = items[:i] + items[i + 1:]
        for tail in permutations_of(rest):
            result.append([head] + tail)
    return result


def nqueens(n):
    cols = list(range(n))
    count = 0
    for vec in permutations_of(cols):
        if n == len(set(vec[i] + i for i in cols)) == len(set(vec[i] - i for i in cols)):
            count += 1
    return count
