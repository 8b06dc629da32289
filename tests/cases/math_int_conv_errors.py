"""math.floor/ceil/trunc of an infinity raise OverflowError, of nan
ValueError (the messages match int()'s)."""
#pythran export to_int(int)
#runas to_int(0)
#runas to_int(1)
#runas to_int(2)
#runas to_int(3)
#runas to_int(4)
import math


def to_int(k):
    r = 0
    if k == 0:
        r = math.floor(math.inf)
    elif k == 1:
        r = math.ceil(-math.inf)
    elif k == 2:
        r = math.floor(math.nan)
    elif k == 3:
        r = math.trunc(math.nan)
    else:
        r = math.ceil(2.5)
    return r
