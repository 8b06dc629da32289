# Checks: `operator.itemgetter(i)` works applied at once or as the function
# of map/key=/reduce; an itemgetter object kept in a variable is reported.
#pythran export f((int, int) list)
import operator


def f(pairs):
    get = operator.itemgetter(1)
    return get(pairs[0])
