# Checks: a nested function with statements (not one `return` expression) is
# reported with the supported alternatives.
#pythran export f(int)


def f(n):
    def helper(k):
        s = 0
        for i in range(k):
            s += i
        return s
    return helper(n)
