# Checks: an augmented assignment to a slice of an int (`s[:] += 1`) is a
# type error with a diagnostic (found by fuzz_nopanic: it reached the IR
# unchecked).
#pythran export f(int)
def f(n):
    s = 0
    s[:] += 1
    return s
