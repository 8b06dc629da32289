# Checks: rebinding a module global with `global` inside a function is
# rejected, pointing at the `global` statement.
#pythran export bump(int)
counter = 0


def bump(n):
    global counter
    counter = counter + n
    return counter
