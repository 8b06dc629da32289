# golden: before=constfold,dce,licm,bce,sqrt-domain,unroll-jam pass=pair-roots
# Checks: after unroll-jam, each pair iteration of the `j` loop computes two
# unchecked roots (`s` and `s$2`); the load and conversion of `s$2` move up
# before the first root, and the two roots become adjacent (code generation
# then takes both in one sqrtpd). The remainder loop's single root and the
# checked copy of the loop are unchanged.

#pythran export dists(float64[:,:], float64[:,:])
import math
import numpy as np

def dists(X, Y):
    D = np.empty((X.shape[0], Y.shape[0]))
    for i in range(X.shape[0]):
        for j in range(Y.shape[0]):
            s = 0.0
            for k in range(X.shape[1]):
                t = X[i, k] - Y[j, k]
                s += t * t
            D[i, j] = math.sqrt(s)
    return D
