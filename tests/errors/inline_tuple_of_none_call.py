# Checks: a tuple expression statement that calls a function returning None
# compiles (found by fuzz_nopanic: inlining left the None result undefined).
#pythran export both(int)
def tp(x, y):
    pass


def both(i):
    (), tp(i, i)
