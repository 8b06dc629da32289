"""Regression (was a kiln bug): the ValueError text for operands that do not broadcast differs
from NumPy's in three places.
- A fused expression names every leaf operand: `np.sqrt(b * b + c * c)` with
  b (3,) and c (4,) gives `shapes (3,) (3,) (4,) (4,)`; NumPy fails at the
  `+` and says `shapes (3,) (4,)`.
- In-place operators: NumPy lists the output operand too (`a += b` with a
  (3,2) and b (3,): `shapes (3,2) (3,) (3,2)`), and when only the output
  fails to broadcast it says `non-broadcastable output operand with shape
  (3,) doesn't match the broadcast shape (2,3)`.
- `np.where(c, x, scalar)`: NumPy lists the scalar's shape `()`."""
import numpy as np

#pythran export hypot_expr(float64[:], float64[:])
#pythran export iadd(float64[:,:], float64[:])
#pythran export iadd(float64[:], float64[:,:])
#pythran export where_b(bool[:,:], float64[:], float)
#runas import numpy as np; b = np.ones(3); c = np.ones(4); hypot_expr(b, c)
#runas import numpy as np; a = np.zeros((3, 2)); iadd(a, np.array([1.0, 2.0, 3.0]))
#runas import numpy as np; a = np.zeros(3); iadd(a, np.ones((2, 3)))
#runas import numpy as np; where_b(np.array([[True, False], [False, True]]), np.array([1.0, 2.0, 3.0]), -1.0)


def hypot_expr(b, c):
    return np.sqrt(b * b + c * c)


def iadd(a, b):
    a += b


def where_b(c, x, y):
    return np.where(c, x, y)
