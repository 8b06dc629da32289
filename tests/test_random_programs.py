"""Differential fuzzing: random well-typed programs (`randprog.py`) must give
the same outcome under CPython and under kiln.

Each test is one generated exported function ("program"), called on each of
its deterministic argument tuples; programs are batched `PER_MODULE` to a
module so that kiln compiles a few modules rather than one per program. Both
sides get fresh copies of the arguments; the result or exception and the
argument arrays after the call are compared with `kilntest.diff_outcomes`
(exact types and dtypes, floats within 4 ULP, exception type and message).

Environment:
- `KILN_RANDPROG=N`: how many programs (default 30);
- `KILN_RANDPROG_SEED=S`: the run's seed (default 0); module `m` of the run
  uses generator seed `S * 100003 + m`;
- `KILN_RANDPROG_PER_MODULE=K` (default 10);
- `KILN_RANDPROG_AVOID=a,b`: do not generate these constructs (keys of
  `randprog.AVOIDABLE`), to look past a known bug in a long run.

The generated modules are written to `tests/.build/randprog/rp<S>_<m>.py`;
`python tests/randprog.py <generator seed> <K>` prints one with its inputs.
A long run by hand: `KILN_RANDPROG=3000 .venv/bin/python -m pytest
tests/test_random_programs.py -q -x -n0`.

`KNOWN_MISMATCHES` holds programs of the default run that disagree because
of a kiln bug (strict xfail: the test fails again once kiln agrees, so the
entry can be removed). Never put generator bugs there; fix the generator.
"""

from __future__ import annotations

import os
import warnings

import numpy as np
import pytest

import kilntest
import randprog

N = int(os.environ.get("KILN_RANDPROG", "30"))
SEED = int(os.environ.get("KILN_RANDPROG_SEED", "0"))
PER_MODULE = max(1, int(os.environ.get("KILN_RANDPROG_PER_MODULE", "10")))
AVOID = frozenset(a for a in os.environ.get("KILN_RANDPROG_AVOID", "").split(",") if a)
RP_DIR = kilntest.BUILD_DIR / "randprog"

#: "<module>.<function>" -> reason (a FIXME naming the kiln bug).
KNOWN_MISMATCHES: dict[str, str] = {}


def _plan() -> list[tuple[str, int, int]]:
    """(module name, generator seed, number of functions) for this run."""
    out = []
    m = 0
    tag = "_avoid_" + "_".join(sorted(AVOID)) if AVOID else ""
    while m * PER_MODULE < N:
        out.append((f"rp{SEED}{tag}_{m}", SEED * 100003 + m, min(PER_MODULE, N - m * PER_MODULE)))
        m += 1
    return out


_MODULES: dict[str, tuple] = {}


def _seed_of(name: str) -> int:
    return next(s for m, s, _ in _plan() if m == name)


def _module(name: str):
    """(path, programs) of a generated module, written on first use."""
    if name not in _MODULES:
        seed, nfuncs = next((s, n) for m, s, n in _plan() if m == name)
        src, programs = randprog.generate_module(seed, nfuncs, avoid=AVOID)
        RP_DIR.mkdir(parents=True, exist_ok=True)
        path = RP_DIR / f"{name}.py"
        if not path.exists() or path.read_text() != src:
            path.write_text(src)
        _MODULES[name] = (path, programs)
    return _MODULES[name]


def _params():
    params = []
    for name, _seed, nfuncs in _plan():
        for i in range(nfuncs):
            pid = f"{name}.f{i}"
            marks = []
            if pid in KNOWN_MISMATCHES and not kilntest.cpython_only():
                marks.append(pytest.mark.xfail(reason=KNOWN_MISMATCHES[pid], strict=True, raises=kilntest.KilnMismatch))
            params.append(pytest.param(name, i, id=pid, marks=marks))
    return params


_PREFETCHED = False


def _prefetch_all() -> None:
    """Start compiling every module of the run (two at a time) on first use."""
    global _PREFETCHED
    if not _PREFETCHED and not kilntest.cpython_only():
        _PREFETCHED = True
        kilntest.builder().prefetch([_module(name)[0] for name, _, _ in _plan()])


def _fresh(args: tuple) -> tuple:
    return tuple(a.copy(order="K") if isinstance(a, np.ndarray) else a for a in args)


def call(fn, args: tuple) -> kilntest.Outcome:
    """Call `fn(*args)` and record the result or exception, and the argument
    arrays afterwards (writes into them must match too)."""
    out = kilntest.Outcome()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            out.value = fn(*args)
        except Exception as e:  # noqa: BLE001 - the exception is the result
            out.exc = e
    out.variables = {f"arg{i}": a for i, a in enumerate(args) if isinstance(a, np.ndarray)}
    return out


def _args_repr(args: tuple) -> str:
    parts = []
    for a in args:
        if isinstance(a, np.ndarray):
            order = ', order="F"' if a.ndim > 1 and a.flags.f_contiguous and not a.flags.c_contiguous else ""
            parts.append(f"np.array({a.tolist()!r}, dtype=np.{a.dtype}{order})")
        else:
            parts.append(repr(a))
    return ", ".join(parts).replace("nan", "float('nan')").replace("inf", "float('inf')")


def compare_program(path, prog: randprog.Program, kiln_mod, ref_mod) -> list[str]:
    """Mismatch reports, one per argument tuple that disagrees."""
    problems = []
    for args in prog.inputs:
        expected = call(getattr(ref_mod, prog.name), _fresh(args))
        actual = call(getattr(kiln_mod, prog.name), _fresh(args))
        diffs = kilntest.diff_outcomes(expected, actual)
        if diffs:
            problems.append(
                f"{prog.name}({_args_repr(args)})\n    "
                + "\n    ".join(diffs)
                + f"\n    CPython: {expected.describe(300)}\n    kiln:    {actual.describe(300)}"
            )
    return problems


@pytest.mark.parametrize("module, index", _params())
def test_random_program(module, index):
    _prefetch_all()
    path, programs = _module(module)
    prog = programs[index]
    ref = kilntest.import_python(path, path.stem + "__py")
    if kilntest.cpython_only():
        kiln_mod = kilntest.import_python(path, path.stem + "__py2")
    else:
        build = kilntest.builder().get(path)
        if build.failure_text():
            pytest.fail(
                "kiln rejected a generated program (a kiln limitation or a generator bug):\n" + build.failure_text(),
                pytrace=False,
            )
        kiln_mod = build.module
    problems = compare_program(path, prog, kiln_mod, ref)
    if problems:
        raise kilntest.KilnMismatch(
            f"{module}.{prog.name}: CPython and kiln disagree ({path}; regenerate with "
            f"`python tests/randprog.py {_seed_of(module)} {len(programs)} {','.join(sorted(AVOID))}`)\n"
            f"{prog.spec}\n{prog.source}\n"
            + "\n".join(problems)
        )


def test_generator_is_deterministic():
    """The same seed gives the same module, byte for byte (the known-mismatch
    list and every reproducer depend on it)."""
    a, pa = randprog.generate_module(12345, 3)
    b, pb = randprog.generate_module(12345, 3)
    assert a == b
    assert [repr(p.inputs) for p in pa] == [repr(p.inputs) for p in pb]
