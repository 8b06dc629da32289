"""`dtype=` of sum/prod/nansum/cumsum/cumprod (the accumulator's dtype:
narrow integers wrap as in NumPy, floats sum pairwise in that dtype), with
and without `axis`, and `initial=` of max/min over all axes (empty arrays
give the initial value)."""
import numpy as np

#pythran export sums(int8[:])
#pythran export sums2(float64[:,:])
#pythran export sums2(float64[::,::])
#pythran export initial(float64[:])
#pythran export initial_int(int32[:])
#runas import numpy as np; sums(np.array([100, 100, 100], dtype=np.int8))
#runas import numpy as np; sums(np.zeros(0, dtype=np.int8))
#runas import numpy as np; sums2(np.arange(12.0).reshape(3, 4) / 7)
#runas import numpy as np; sums2(np.asfortranarray(np.arange(12.0).reshape(4, 3) / 3)[::-1])
#runas import numpy as np; initial(np.array([-3.0, -1.0]))
#runas import numpy as np; initial(np.array([-3.0, np.nan]))
#runas import numpy as np; initial(np.zeros(0))
#runas import numpy as np; initial_int(np.array([5, -7], dtype=np.int32))


def sums(a):
    return (np.sum(a, dtype=np.int8), a.sum(dtype=np.float32), np.max(a, initial=0), np.prod(a, dtype=np.int16),
            np.cumsum(a, dtype=np.int8), a.cumprod(dtype=np.float64))


def sums2(a):
    return np.sum(a, axis=0, dtype=np.float32), np.nansum(a, dtype=np.float32), a.sum(1, dtype=np.int64)


def initial(a):
    return np.max(a, initial=0.0), np.min(a, initial=-2.0), a.max(initial=-10.0)


def initial_int(a):
    return np.max(a, initial=0), np.min(a, initial=0)
