# Checks: a range kept in a variable works where a list of its numbers
# behaves the same (here `len(r)`), but a read that would tell them apart
# (returning it, which CPython gives back as a range object) leaves the range
# a value kiln does not support, reported at the `range` call.
#pythran export f(int)


def f(n):
    r = range(n)
    if len(r) > 3:
        return r
    return range(0)
