# golden: analysis=callgraph before=inline pass=dfe
# Checks: the call graph after inlining: `helper` and `even` were inlined
# into `f` (and `odd` into `even`), so `f` calls only `odd`, whose copy of
# `even` makes it self-recursive; dead-function elimination drops `helper`
# and `even`, which no export reaches any more.

#pythran export f(int)
def helper(x):
    return x + 1

def even(n):
    if n == 0:
        return True
    return odd(n - 1)

def odd(n):
    if n == 0:
        return False
    return even(n - 1)

def f(n):
    return helper(n) + int(even(n))
