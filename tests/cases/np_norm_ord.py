"""`np.linalg.norm(x, ord)` for ord in None, 1, 2, np.inf, -np.inf, 'fro',
'nuc' (positional or `ord=`), of vectors and matrices, with `axis=`, on
float64/float32/int inputs, strided views and empty vectors; NumPy's
ValueError for an order that does not apply ('fro' of a vector)."""
import numpy as np

#pythran export norms(float64[:])
#pythran export norms(float32[:])
#pythran export norms(int64[:])
#pythran export norms(float64[::])
#pythran export mnorms(float64[:,:])
#pythran export mnorms(float64[::,::])
#pythran export axis_norms(float64[:,:])
#pythran export fro_vec(float64[:])
#runas import numpy as np; norms(np.array([3.0, -4.0, 1.0]))
#runas import numpy as np; norms(np.array([3.0, -4.0, 1.0], dtype=np.float32))
#runas import numpy as np; norms(np.array([3, -4, 12]))
#runas import numpy as np; norms(np.arange(10.0)[::-3])
#runas import numpy as np; mnorms(np.array([[1.0, -2.0, 3.0], [-4.0, 5.0, 6.0]]))
#runas import numpy as np; mnorms(np.asfortranarray(np.array([[1.0, -2.0], [-4.0, 5.0], [0.5, 2.0]])))
#runas import numpy as np; axis_norms(np.array([[1.0, -2.0, 3.0], [-4.0, 5.0, 6.0]]))
#runas import numpy as np; fro_vec(np.ones(3))


def norms(a):
    return (np.linalg.norm(a, 1), np.linalg.norm(a, np.inf), np.linalg.norm(a, ord=2),
            np.linalg.norm(a, -np.inf), np.linalg.norm(a, None))


def mnorms(a):
    return (np.linalg.norm(a, 1), np.linalg.norm(a, np.inf), np.linalg.norm(a, -np.inf),
            np.linalg.norm(a, 'fro'), np.linalg.norm(a, ord=2), np.linalg.norm(a, 'nuc'))


def axis_norms(a):
    return np.linalg.norm(a, 1, 0), np.linalg.norm(a, np.inf, axis=1), np.linalg.norm(a, ord=2, axis=1, keepdims=True)


def fro_vec(a):
    return np.linalg.norm(a, 'fro')
