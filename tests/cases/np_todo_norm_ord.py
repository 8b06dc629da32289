"""Not supported yet: `np.linalg.norm(x, ord)` (kiln: "np.linalg.norm with
`ord` is not supported yet")."""
#kiln-todo: np.linalg.norm with ord
import numpy as np

#pythran export norms(float64[:])
#runas import numpy as np; norms(np.array([3.0, -4.0, 1.0]))


def norms(a):
    return np.linalg.norm(a, 1), np.linalg.norm(a, np.inf), np.linalg.norm(a, ord=2)
