# Checks: a module-level list computed at compile time is a constant: a
# function that modifies it (a method, item assignment, or passing it to a
# function that writes its argument) is rejected, naming the global.
#pythran export f(int)
#pythran export g(int)
#pythran export h(int)
def squares(n):
    return [i * i for i in range(n)]


table = squares(10)


def push(xs, v):
    xs.append(v)


def f(x):
    table.sort(reverse=True)
    return table[0]


def g(x):
    alias = table
    alias[0] = x
    return alias[0]


def h(x):
    push(table, x)
    return len(table)
