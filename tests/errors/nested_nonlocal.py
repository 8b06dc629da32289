# Checks: a nested function that rebinds a variable of its enclosing function
# (`nonlocal`) is reported: kiln passes captured variables by value.
#pythran export f(int)


def f(n):
    count = 0

    def bump():
        nonlocal count
        count += n

    bump()
    return count
