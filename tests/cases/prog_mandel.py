"""Mandelbrot escape counts with float pairs into a new int64 grid."""
#pythran export mandel(int, int, int)
#runas mandel(12, 16, 50)
import numpy as np


def mandel(h, w, maxit):
    out = np.zeros((h, w), dtype=np.int64)
    for i in range(h):
        for j in range(w):
            cr = -2.0 + 2.5 * j / w
            ci = -1.25 + 2.5 * i / h
            zr = 0.0
            zi = 0.0
            k = 0
            while k < maxit and zr * zr + zi * zi <= 4.0:
                t = zr * zr - zi * zi + cr
                zi = 2.0 * zr * zi + ci
                zr = t
                k += 1
            out[i, j] = k
    return out
