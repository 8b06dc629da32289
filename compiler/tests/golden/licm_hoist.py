# golden: pass=licm
# Checks: inside the loops, the loads of variables the loops never write
# (`a`, `n`, `scale`) and the shape read `a.shape[1]` move before the outer
# loop; the loads of `i`, `j` and `s`, which change, stay.

#pythran export f(float64[:,:], float)
def f(a, scale):
    n = a.shape[0]
    s = 0.0
    for i in range(n):
        for j in range(a.shape[1]):
            s += a[i, j] * scale
    return s
