"""Not supported yet: the `dtype=` argument of reductions (`np.sum(a,
dtype=np.float32)`) and `initial=` (kiln: "`np.sum` got an unsupported
keyword argument `dtype`" -- which should say "not supported yet")."""
#kiln-todo: dtype= and initial= in reductions
import numpy as np

#pythran export sums(int8[:])
#runas import numpy as np; sums(np.array([100, 100, 100], dtype=np.int8))


def sums(a):
    return np.sum(a, dtype=np.int8), a.sum(dtype=np.float32), np.max(a, initial=0)
