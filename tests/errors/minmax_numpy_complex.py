# Checks: `min`/`max` of a NumPy complex scalar (which NumPy orders
# lexicographically) is reported as not supported yet, at the call, instead
# of crashing code generation (found by the fuzzer: `min(a, b, c)` with `c`
# a complex64).

#pythran export imm(int, int, complex64)


def imm(a, b, c):
    return min(a, b, c)
