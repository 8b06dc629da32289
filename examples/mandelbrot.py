#pythran export mandelbrot(float, float, float, float, int, int, int)
#setup: args = (-2.0, 1.0, -1.5, 1.5, 400, 300, 100)
#run: mandelbrot(*args)
"""Escape-time Mandelbrot set on a grid: plain Python loops over floats."""
import numpy as np


def mandelbrot(xmin, xmax, ymin, ymax, width, height, max_iter):
    counts = np.zeros((height, width), dtype=np.int64)
    dx = (xmax - xmin) / width
    dy = (ymax - ymin) / height
    for j in range(height):
        ci = ymin + j * dy
        for i in range(width):
            cr = xmin + i * dx
            zr = 0.0
            zi = 0.0
            n = 0
            while n < max_iter and zr * zr + zi * zi <= 4.0:
                zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
                n += 1
            counts[j, i] = n
    return counts
