"""Side-by-side benchmark of kiln against CPython/NumPy, Pythran, Numba and numexpr.

Entry point: ``bench/bench.py`` (``python -m bench``). Module map:
``kernel`` parses kernel files, ``tools`` builds each implementation (with a
cache), ``worker`` is the timing subprocess, ``runner`` drives the workers
round-robin, ``check`` compares results and ``report`` writes the tables, the
JSON and the chart.
"""
