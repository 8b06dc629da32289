"""Tests of the benchmark tool itself (not of kiln): parsing, result checks, Numba
source generation, the worker protocol and one end-to-end run on CPython only.

They need only NumPy and pytest: run ``python -m pytest bench/tests`` from the
repository root.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench import bench as cli  # noqa: E402
from bench import report  # noqa: E402
from bench.check import compare  # noqa: E402
from bench.kernel import KernelError, discover, parse_kernel, select  # noqa: E402
from bench.runner import CRASH, ERROR, FULL, TIMEOUT, Cell, WorkerHandle, _describe_failure  # noqa: E402
from bench.tools import Impl, first_line, make_impls, numba_source  # noqa: E402

KERNEL = '''#pythran export twice(float64[:], int)
#setup: import numpy as np; np.random.seed(0); x = np.random.rand(100); k = 3
#run: twice(x, k)
#size: 100 float64
"""A test kernel."""
import numpy as np


def twice(x, k):
    s = 0.0
    #omp parallel for reduction(+:s)
    for i in range(x.shape[0]):
        s += k * x[i]
    return 2 * x, s
'''


@pytest.fixture
def kernel_file(tmp_path: Path) -> Path:
    path = tmp_path / "twice.py"
    path.write_text(KERNEL)
    return path


def check(ref, got, strict=True):
    return compare(ref, got, strict=strict, rtol=1e-7, atol=1e-12)


def test_parse_kernel(kernel_file):
    k = parse_kernel(kernel_file)
    assert k.name == "twice" and k.exports == ("twice",)
    assert k.run == "twice(x, k)" and "np.random.seed(0)" in k.setup
    assert k.size == "100 float64" and k.numexpr is None
    assert k.has_omp_loops and k.uses_numpy


def test_shipped_kernels_parse():
    kernels, warnings = discover()
    assert not warnings
    assert {"fib", "matmul_dot", "rosenbrock"} <= {k.name for k in kernels}


def test_select_globs_and_typos():
    kernels, _ = discover()
    assert [k.name for k in select(kernels, "matmul_*")] == ["matmul_dot", "matmul_loops"]
    with pytest.raises(KernelError, match="nosuch"):
        select(kernels, "fib,nosuch")


def test_compare_strict_and_lenient():
    a = np.arange(4.0)
    assert check((a, 1), (a.copy(), 1)).exact
    near = check(a, a * (1 + 1e-12))
    assert near.ok and not near.exact
    assert not check(a, a + 1e-3).ok
    assert "dtype" in check(a, a.astype(np.float32)).why
    assert "shape" in check(a, a[:3]).why
    assert "type float" in check(np.float64(1.5), 1.5).why  # strict: NumPy scalar expected
    assert check(np.float64(1.5), 1.5, strict=False).ok
    assert check(np.float64(1.5), np.array(1.5), strict=False).ok  # numexpr's 0-d arrays
    assert not check(3, 3.0, strict=False).ok
    assert not check((a,), [a]).ok and check((a,), [a], strict=False).ok
    assert check(np.array([np.nan, 1.0]), np.array([np.nan, 1.0])).exact


def test_numba_source(kernel_file):
    src = numba_source(parse_kernel(kernel_file), parallel=True)
    assert "@numba.njit(cache=True, parallel=True)\ndef twice" in src
    assert "for i in numba.prange(x.shape[0]):" in src
    serial = numba_source(parse_kernel(kernel_file), parallel=False)
    assert "prange" not in serial and "@numba.njit(cache=True)\ndef twice" in serial


def test_first_line_prefers_errors():
    assert first_line("Compiling foo\nerror: unsupported `yield`\n  --> x.py:3") == "error: unsupported `yield`"
    assert first_line("") == "(no output)"


def test_formatting():
    assert [report.fmt_ms(v) for v in (2359.4, 24.43, 1.204, 0.1771)] == ["2359", "24.4", "1.20", "0.177"]
    assert [report.fmt_x(v) for v in (0.412, 3.47, 20.31, 1050.2)] == ["0.41x", "3.5x", "20.3x", "1050x"]
    assert report.geomean([2.0, 8.0]) == pytest.approx(4.0)


def test_worker_protocol(kernel_file, tmp_path):
    impl = Impl("t", "cpython", "t", 1, make_impls(["cpython"])[0].cpus[:1])
    k = parse_kernel(kernel_file)
    worker = WorkerHandle(impl, tmp_path / "w.log")
    try:
        assert worker.wait_ready(60)["ok"]
        reply = worker.request({
            "cmd": "init", "kind": "module", "module_name": k.name, "module_path": str(k.path),
            "exports": list(k.exports), "setup": k.setup, "run": k.run, "numexpr": None}, 60)
        assert reply["ok"], reply
        assert reply["info"]["env"]["OMP_NUM_THREADS"] == "1"
        assert reply["info"]["cpus"] == list(impl.cpus)
        np.random.seed(0)
        x = np.random.rand(100)
        assert check((2 * x, 3 * x.sum()), reply["result"]).ok
        warm = worker.request({"cmd": "warmup", "seconds": 0.01, "target_sample_ns": 10**6, "min_calls": 1}, 60)
        assert warm["inner"] > 1  # a call of a few µs is repeated within a sample
        assert worker.request({"cmd": "sample"}, 60)["ns"] > 0
    finally:
        worker.close()


def test_worker_failures(tmp_path):
    """A crash, a hang and an exception each become a cell status, not an exception."""
    (tmp_path / "bad.py").write_text(
        "import ctypes, time\n"
        "def crash(n):\n    return ctypes.string_at(0)\n"
        "def hang(n):\n    time.sleep(n)\n"
    )
    impl = make_impls(["cpython"])[0]
    base = {"cmd": "init", "kind": "module", "module_name": "bad", "module_path": str(tmp_path / "bad.py"),
            "exports": ["crash", "hang"], "setup": "n = 30", "numexpr": None}
    outcomes = []
    for run, timeout in (("crash(n)", 60), ("hang(n)", 1), ("nosuch(n)", 60)):
        worker = WorkerHandle(impl, tmp_path / "w.log")
        try:
            assert worker.wait_ready(60)["ok"]
            outcomes.append(_describe_failure(worker.request(dict(base, run=run), timeout)))
        finally:
            worker.close()
    assert outcomes[0] == (CRASH, "worker killed by SIGSEGV")
    assert outcomes[1][0] == TIMEOUT
    assert outcomes[2] == (ERROR, "first call: NameError: name 'nosuch' is not defined")


def test_end_to_end_cpython_only(tmp_path):
    out = tmp_path / "out"
    rc = cli.main(["--quick", "-k", "fib", "--tools", "cpython,kiln", "--kiln", str(tmp_path / "no-kiln"),
                   "--out", str(out)])
    assert rc == 0
    md = (out / "results.md").read_text()
    assert "| fib |" in md and "COMPILE FAIL" in md and "kiln binary not found" in md
    data = json.loads((out / "results.json").read_text())
    fib = data["kernels"][0]["results"]
    assert fib["cpython"]["status"] == "ok" and len(fib["cpython"]["samples_ns"]) >= 3
    assert fib["kiln-1t"]["status"] == "compile-fail"
    assert data["machine"]["cpu_count"] >= 1


def test_cell_median():
    cell = Cell(make_impls(["cpython"])[0], samples_ns=[3.0, 1.0, 2.0])
    assert cell.median_ns == 2.0 and FULL.min_samples >= 3
