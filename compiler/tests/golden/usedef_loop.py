# golden: analysis=usedef pass=dse
# Checks: a store inside a loop reaches the next iteration's load (back edge);
# stores in a `try` body reach the handler (`t = 5` is read there when
# `10 // n` raises); `u = -1` is overwritten before any read, even on the
# exception path, so it is the one dead store.

#pythran export g(int)
def g(n):
    s = 0
    t = 0
    u = 0
    for i in range(n):
        s = s + i
    try:
        t = 5
        t = 10 // n
        u = -1
        u = 2
    except ZeroDivisionError:
        return s + t
    return s + u
