# golden: pass=parallel-loops
# Checks: the `#omp parallel for` loop of `scale` stays parallel (its body
# only writes distinct elements), the one of `first_neg` is made serial
# (it leaves the loop with `break`, which a split range cannot reproduce),
# and the report says why.

#pythran export scale(float64[:], float)
#pythran export first_neg(float64[:])
def scale(a, c):
    #omp parallel for
    for i in range(a.shape[0]):
        a[i] = a[i] * c
    return a

def first_neg(a):
    k = -1
    #omp parallel for
    for i in range(a.shape[0]):
        if a[i] < 0.0:
            k = i
            break
    return k
