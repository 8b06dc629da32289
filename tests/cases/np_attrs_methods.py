"""Array attributes (.shape .ndim .size .T .itemsize .nbytes .strides) and
methods (sum mean min max argmax argmin copy fill reshape astype item) on
C, Fortran and strided arrays of several dtypes. (`.dtype` is in
np_dtype_attr.py.)"""
import numpy as np

#pythran export attrs(float64[:,:])
#pythran export attrs(float64[::,::])
#pythran export attrs(int8[:,:])
#pythran export attrs(bool[:,:])
#pythran export attrs3(float32[:,:,:])
#pythran export attrs3(uint8[::,::,::])
#pythran export strides1(int32[::])
#pythran export methods(float64[:,:])
#pythran export methods(int64[:,:])
#pythran export methods(bool[:,:])
#pythran export methods(float32[::,::])
#pythran export fill_it(float64[:,:], float)
#pythran export fill_it(int32[::], int)
#pythran export fill_float_into_int(int64[:], float)
#pythran export items(float64[:])
#pythran export items(int32[:,:])
#pythran export items(bool[:])
#pythran export reshape_method(int64[:])
#pythran export astype_method(float64[:,:])
#runas import numpy as np; a = np.arange(12.0).reshape(3, 4); attrs(a), attrs(np.asfortranarray(a)), attrs(a[::2, ::-1])
#runas import numpy as np; attrs(np.zeros((2, 3), dtype=np.int8)), attrs(np.zeros((0, 5), dtype=bool))
#runas import numpy as np; attrs3(np.zeros((2, 3, 4), dtype=np.float32)), attrs3(np.zeros((4, 6, 8), dtype=np.uint8)[::2, ::-3, 1:])
#runas import numpy as np; strides1(np.arange(10, dtype=np.int32)[::3]), strides1(np.arange(10, dtype=np.int32)[::-2]), strides1(np.arange(10, dtype=np.int32))
#runas import numpy as np; methods(np.array([[1.0, -2.0, 3.5], [0.25, 7.0, -0.5]])), methods(np.arange(6).reshape(2, 3) - 3), methods(np.array([[True, False], [True, True]]))
#runas import numpy as np; methods(np.arange(12, dtype=np.float32).reshape(3, 4)[::-1, ::2])
#runas import numpy as np; methods(np.zeros((0, 3)))
#runas import numpy as np; a = np.zeros((2, 3)); fill_it(a, 2.5); a
#runas import numpy as np; a = np.zeros(8, dtype=np.int32); fill_it(a[::3], -7); a
#runas import numpy as np; a = np.zeros(3, dtype=np.int64); fill_float_into_int(a, 2.75); a
#runas import numpy as np; items(np.array([2.5])), items(np.array([[7]], dtype=np.int32)), items(np.array([True]))
#runas import numpy as np; items(np.array([1.0, 2.0]))
#runas import numpy as np; items(np.zeros((0, 1), dtype=np.int32))
#runas import numpy as np; reshape_method(np.arange(6))
#runas import numpy as np; astype_method(np.array([[1.5, -2.5], [np.inf, 0.0]]))


def attrs(a):
    return a.shape, a.ndim, a.size, a.T.shape, a.itemsize, a.nbytes, a.strides, len(a), a.T.strides


def attrs3(a):
    return a.shape, a.ndim, a.size, a.T.shape, a.itemsize, a.nbytes, a.strides, a.T.strides


def strides1(a):
    return a.strides, a.shape, a.size, a.nbytes


def methods(a):
    return (a.sum(), a.mean(), a.min(), a.max(), a.argmax(), a.argmin(), a.sum(axis=0), a.max(axis=1),
            a.argmax(axis=0), a.argmin(axis=1), a.copy(), a.reshape(-1), a.astype(np.float64), a.prod(), a.any(), a.all(),
            a.std(), a.var(), a.cumsum(), a.cumprod(), a.trace())


def fill_it(a, v):
    a.fill(v)


def fill_float_into_int(a, v):
    a.fill(v)


def items(a):
    return a.item()


def reshape_method(a):
    return a.reshape(2, 3), a.reshape((3, 2)), a.reshape(-1, 1), a.reshape(6)


def astype_method(a):
    return a.astype(np.int64), a.astype(np.float32), a.astype(bool), a.astype(np.uint8)
