# Checks: a recursive function whose every return is a bare `return` (so it
# returns None) compiles (found by fuzz_nopanic: inlining once left the
# call's None result undefined).
#pythran export gcd_rec(int, int)
def gcd_rec(a, b):
    if b == 1:
        return
    return gcd_rec(b, a % b)
