"""Not supported yet: `np.where(cond)` with one argument (the same as
np.nonzero): kiln says "np.where with one argument (np.nonzero) is not
supported yet"."""
#kiln-todo: np.where with one argument
import numpy as np

#pythran export where1(float64[:,:])
#runas import numpy as np; where1(np.array([[0.0, 1.0], [2.0, 0.0]]))


def where1(a):
    return np.where(a > 0)
