# Checks: a module with no export comment and no fully annotated function is
# reported ("this module exports nothing") with a hint on how to export.


def f(n):
    return n + 1
