# Checks: an undefined name used only in an expression statement is reported
# (CPython raises NameError when `f` runs); found by fuzz_nopanic, where kiln
# dropped the statement.
#pythran export f(int)
def f(x):
    z
    return x
