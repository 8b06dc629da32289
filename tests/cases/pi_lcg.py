#pythran export pi_lcg(int)
#setup: n = 2000000
#run: pi_lcg(n)
#size: n = 2*10**6
"""(d) Monte-Carlo pi with a deterministic counter-based LCG: iteration i seeds
the generator from i, so iterations are independent and the OpenMP reduction
is legal; the result is bit-identical however the loop is split."""


def pi_lcg(n):
    hits = 0
    #omp parallel for reduction(+:hits)
    for i in range(n):
        s = (1103515245 * (i + 12345) + 12345) % 2147483648
        x = s / 2147483648.0
        s = (1103515245 * s + 12345) % 2147483648
        y = s / 2147483648.0
        if x * x + y * y <= 1.0:
            hits += 1
    return 4.0 * hits / n

# Differential test inputs (tests/test_cases.py), smaller than the benchmark's.
#runas pi_lcg(20000)
#runas pi_lcg(1)
