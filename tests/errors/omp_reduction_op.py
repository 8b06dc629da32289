# Checks: a reduction operator kiln does not support yet is named in the error.
#pythran export f(int)


def f(n):
    best = 0
    #omp parallel for reduction(max:best)
    for i in range(n):
        best = max(best, i % 17)
    return best
