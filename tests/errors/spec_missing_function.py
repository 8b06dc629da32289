# Checks: an export spec naming a function the module does not define is
# reported at the spec, with a suggestion of a close name.
#pythran export compute(int)


def computes(n):
    return n + 1
