# Checks: a module-level list display mixing element types, or holding
# other values than numbers and tuples of them, cannot be used in compiled
# code (kiln's lists are homogeneous).
#pythran export g(int)
MIXED = [1, 2.5]
NAMES = ["a", "b"]


def g(x):
    return MIXED[x] + len(NAMES)
