# Checks: a scalar written by every iteration of an `#omp parallel for` loop
# after being read, without a reduction clause, is a data race: rejected,
# with a note suggesting `reduction(+:...)`.
#pythran export f(int)


def f(n):
    hits = 0
    #omp parallel for
    for i in range(n):
        if i % 3 == 0:
            hits += 1
    return hits
