"""Not supported yet: `for row in a` over a 2-d (or higher) array (kiln:
"iterating over a value of type float64[:,:] is not supported yet"; kiln
iterates over range(...) and 1-d arrays)."""
#kiln-todo: iterating over the rows of an N-d array
import numpy as np

#pythran export rows(float64[:,:])
#runas import numpy as np; rows(np.arange(6.0).reshape(3, 2)), rows(np.asfortranarray(np.arange(6.0).reshape(2, 3)))


def rows(a):
    s = np.zeros(a.shape[1])
    for r in a:
        s += r
    return s
