#pythran export hypot_expr(float64[:], float64[:])
#setup: import numpy as np; np.random.seed(0); b = np.random.rand(10**6); c = np.random.rand(10**6)
#run: hypot_expr(b, c)
#size: 2 x 10**6 float64
#numexpr: ne.evaluate("sqrt(b * b + c * c)", local_dict={"b": b, "c": c})
"""(b) sqrt(b*b + c*c) on 10**6 floats: a memory-bound fused expression."""
import numpy as np


def hypot_expr(b, c):
    return np.sqrt(b * b + c * c)
#runas import numpy as np; np.random.seed(0); b = np.random.rand(1000); c = np.random.rand(1000); hypot_expr(b, c)
#runas import numpy as np; b = np.array([3.0, -0.0, np.inf, np.nan, 1e200, 1e-200]); c = np.array([4.0, 0.0, 1.0, 1.0, 1e200, 1e-200]); hypot_expr(b, c)
