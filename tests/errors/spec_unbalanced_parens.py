# Checks: an export spec with an unclosed parenthesis is a spec syntax error
# pointing into the comment.
#pythran export f(int, float64[:]


def f(n, a):
    return a[n]
