"""Shape manipulation: reshape (with -1, and the errors for bad shapes),
ravel, flatten, transpose and .T, swapaxes, squeeze(axis=), expand_dims,
concatenate, stack, hstack, vstack, tile, repeat, roll, flip; views stay
views (writes reach the input) and copies stay copies."""
import numpy as np

#pythran export reshapes(float64[:])
#pythran export reshape_c(float64[:,:])
#pythran export reshape_c(float64[::,::])
#pythran export reshape_to(int64[:], int, int)
#pythran export reshape_view(float64[:])
#pythran export ravels(float64[:,:])
#pythran export ravels(float64[::,::])
#pythran export ravel_view(float64[:,:])
#pythran export transposes(float64[:,:,:])
#pythran export transposes2(int32[:,:])
#pythran export transpose_write(float64[:,:])
#pythran export swaps(float64[:,:,:])
#pythran export squeezes(float64[:,:,:])
#pythran export expands(float64[:,:])
#pythran export concats(float64[:,:], float64[:,:])
#pythran export concat1(int64[:], int64[:], int64[:])
#pythran export concat_mixed(int32[:], float64[:])
#pythran export stacks(float64[:], float64[:])
#pythran export stacks2(float64[:,:], float64[:,:])
#pythran export hv(float64[:], float64[:])
#pythran export hv2(float64[:,:], float64[:,:])
#pythran export tiles(float64[:,:])
#pythran export tiles1(int64[:])
#pythran export repeats(float64[:,:], int)
#pythran export rolls(float64[:,:], int)
#pythran export rolls1(int64[:], int)
#pythran export flips(float64[:,:])
#pythran export flip_write(float64[:])
#runas import numpy as np; reshapes(np.arange(12.0))
#runas import numpy as np; reshape_c(np.arange(12.0).reshape(3, 4)), reshape_c(np.asfortranarray(np.arange(12.0).reshape(3, 4)))
#runas import numpy as np; a = np.arange(24.0).reshape(4, 6); reshape_c(a[::2, :]), reshape_c(a[::-1, ::-2])
#runas import numpy as np; reshape_to(np.arange(12), 3, 4), reshape_to(np.arange(12), -1, 6), reshape_to(np.arange(12), 2, -1), reshape_to(np.arange(0), 0, 5), reshape_to(np.arange(0), -1, 3)
#runas import numpy as np; reshape_to(np.arange(12), -1, -1)
#runas import numpy as np; a = np.arange(6.0); reshape_view(a); a
#runas import numpy as np; a = np.arange(6.0).reshape(2, 3); ravels(a), ravels(np.asfortranarray(a)), ravels(a.T)
#runas import numpy as np; a = np.arange(24.0).reshape(4, 6); ravels(a[1::2, ::-3])
#runas import numpy as np; a = np.arange(6.0).reshape(2, 3); ravel_view(a); a
#runas import numpy as np; transposes(np.arange(24.0).reshape(2, 3, 4))
#runas import numpy as np; transposes2(np.arange(6, dtype=np.int32).reshape(2, 3)), transposes2(np.asfortranarray(np.arange(6, dtype=np.int32).reshape(3, 2)))
#runas import numpy as np; a = np.zeros((2, 3)); transpose_write(a); a
#runas import numpy as np; swaps(np.arange(24.0).reshape(2, 3, 4))
#runas import numpy as np; squeezes(np.arange(6.0).reshape(1, 6, 1))
#runas import numpy as np; expands(np.arange(6.0).reshape(2, 3))
#runas import numpy as np; concats(np.arange(6.0).reshape(2, 3), np.ones((2, 3))), concats(np.zeros((0, 3)), np.ones((0, 3)))
#runas import numpy as np; concats(np.arange(6.0).reshape(2, 3), np.ones((3, 2)))
#runas import numpy as np; concat1(np.arange(3), np.arange(0), np.array([7, 8]))
#runas import numpy as np; concat_mixed(np.arange(3, dtype=np.int32), np.array([0.5]))
#runas import numpy as np; stacks(np.arange(3.0), np.ones(3))
#runas import numpy as np; stacks2(np.arange(6.0).reshape(2, 3), np.zeros((2, 3)))
#runas import numpy as np; hv(np.arange(3.0), np.ones(2))
#runas import numpy as np; hv(np.arange(3.0), np.ones(3))
#runas import numpy as np; hv2(np.arange(6.0).reshape(2, 3), np.ones((2, 3)))
#runas import numpy as np; hv2(np.arange(6.0).reshape(2, 3), np.ones((3, 3)))
#runas import numpy as np; tiles(np.arange(6.0).reshape(2, 3))
#runas import numpy as np; tiles1(np.array([1, 2, 3])), tiles1(np.zeros(0, dtype=np.int64))
#runas import numpy as np; repeats(np.arange(6.0).reshape(2, 3), 2), repeats(np.arange(6.0).reshape(2, 3), 0)
#runas import numpy as np; repeats(np.arange(6.0).reshape(2, 3), -1)
#runas import numpy as np; rolls(np.arange(12.0).reshape(3, 4), 1), rolls(np.arange(12.0).reshape(3, 4), -5), rolls(np.arange(12.0).reshape(3, 4), 13)
#runas import numpy as np; rolls1(np.arange(5), 2), rolls1(np.arange(5), -7), rolls1(np.arange(0), 3)
#runas import numpy as np; flips(np.arange(12.0).reshape(3, 4)), flips(np.asfortranarray(np.arange(12.0).reshape(3, 4)))
#runas import numpy as np; a = np.arange(5.0); flip_write(a); a


def reshapes(a):
    return a.reshape(3, 4), a.reshape((2, 6)), a.reshape(-1, 3), a.reshape(2, -1, 2), np.reshape(a, (4, 3)), a.reshape(12), a.reshape((1, 12, 1))


def reshape_c(a):
    return a.reshape(-1), a.reshape(2, 6), np.reshape(a, (6, -1))


def reshape_to(a, n, m):
    return a.reshape(n, m)


def reshape_view(a):
    b = a.reshape(2, 3)
    b[1, 1] = -1.0


def ravels(a):
    return a.ravel(), np.ravel(a), a.flatten(), a.ravel().shape


def ravel_view(a):
    r = a.ravel()
    r[0] = -1.0
    f = a.flatten()
    f[1] = -2.0
    return f


def transposes(a):
    return a.T, np.transpose(a), a.transpose(), a.T.shape, a.T[1, 2, 0]


def transposes2(a):
    return a.T, a.T.T, np.transpose(a) + 1


def transpose_write(a):
    t = a.T
    t[2, 1] = 5.0
    t[0] = 1.0


def swaps(a):
    return np.swapaxes(a, 0, 2), a.swapaxes(1, 2), np.swapaxes(a, -1, 0).shape, a.swapaxes(1, 1)


def squeezes(a):
    return np.squeeze(a, axis=0), np.squeeze(a, axis=2), a.squeeze(axis=(0, 2)), np.squeeze(a, axis=-1).shape


def expands(a):
    return np.expand_dims(a, 0), np.expand_dims(a, 1), np.expand_dims(a, -1), np.expand_dims(a, 2).shape


def concats(a, b):
    return np.concatenate((a, b)), np.concatenate((a, b), axis=1), np.concatenate((a, b), axis=-1), np.concatenate((a, b, a), axis=0)


def concat1(a, b, c):
    return np.concatenate((a, b, c)), np.concatenate((c, a))


def concat_mixed(a, b):
    return np.concatenate((a, b))


def stacks(a, b):
    return np.stack((a, b)), np.stack((a, b), axis=1), np.stack((a, b, a), axis=-1)


def stacks2(a, b):
    return np.stack((a, b)), np.stack((a, b), axis=2), np.stack((a, b), axis=1).shape


def hv(a, b):
    return np.hstack((a, b)), np.vstack((a, a))


def hv2(a, b):
    return np.hstack((a, b)), np.vstack((a, b))


def tiles(a):
    return np.tile(a, 2), np.tile(a, (2, 1)), np.tile(a, (1, 2, 2)), np.tile(a, (0, 2))


def tiles1(a):
    return np.tile(a, 3), np.tile(a, (2, 2))


def repeats(a, n):
    return np.repeat(a, n), np.repeat(a, n, axis=0), np.repeat(a, n, axis=1), np.repeat(a, 3, axis=-1)


def rolls(a, n):
    return np.roll(a, n), np.roll(a, n, axis=0), np.roll(a, n, axis=1), np.roll(a, n, axis=-1)


def rolls1(a, n):
    return np.roll(a, n)


def flips(a):
    return np.flip(a), np.flip(a, 0), np.flip(a, axis=1), np.flip(a, axis=(0, 1)), a[::-1]


def flip_write(a):
    f = np.flip(a)
    f[0] = -1.0
    return f
