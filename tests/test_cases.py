"""Differential tests: every `#runas` line of every `tests/cases/*.py` file, run
under CPython and under the kiln-compiled module, must give the same outcome.

Case file conventions
---------------------
- `#pythran export f(int)` (or `#kiln export ...`) lines declare the exported
  names; an export continues on following `#` lines while its parentheses are
  open. Only exported names are bound in a runas namespace, on both sides.
- `#runas <statements>`: `;`-separated Python statements, the last one an
  expression (it is parsed with `ast`, so `;` inside a string is fine). Example:
  `#runas import numpy as np; a = np.ones((3, 4)); a[1, 2] = 5; g(a)`.
- Continuation: a `#runas` line whose text ends with `\\` continues on the next
  line, which must start with `#`; the `\\` and the `#` are dropped and the two
  pieces are joined with a space (so end the first piece with `;` if a new
  statement follows). Continue as many lines as needed.
- Expected divergence: a line `#kiln-xfail: <reason>` directly after a runas
  (after its last continuation line) marks that runas as a strict xfail: it must
  produce a CPython/kiln mismatch, and the test fails (XPASS strict) once kiln
  starts agreeing. It only covers mismatches: if kiln cannot compile the file,
  the test still fails. Use it only for documented semantic differences (e.g.
  int64 overflow wraps in kiln). A trailing `#kiln-xfail` on the runas line
  itself is rejected, as is one that follows no runas.
- Not supported yet: a file-level line `#kiln-todo: <feature>` marks every
  runas of the file as a strict xfail that expects kiln to reject the file
  with a "not supported (yet)" diagnostic (any other build failure, or a
  mismatch once it compiles, still fails; so does agreement: XPASS strict,
  time to remove the line). Such files are named `np_todo_<feature>.py`; they
  cannot also carry `#kiln-xfail:` lines.
- Test ids are `<file>:<line of the #runas>`, e.g. `fib.py:12`; select with
  `-k fib.py` or `-k "fib.py:12"`.

What is compared (see `kilntest.diff_outcomes`)
-----------------------------------------------
Each runas is executed twice, in fresh namespaces: once with the exported names
bound to the plain-Python module (imported as `<stem>__py`), once bound to the
kiln extension (imported as `<stem>` from `tests/.build/<stem><EXT_SUFFIX>`).
Then: the result (or the exception's exact class and `str`), and every variable
the setup statements bound (so in-place writes to argument arrays are checked),
compared with exact types, dtypes and shapes, floats to within 4 ULP, NaN equal
to NaN, and +0.0 different from -0.0.

Before comparing, every call the runas makes is checked against the export
specs (`kilnspec.py`): a call kiln would reject with a TypeError (an int where
the spec says `float`, a strided array for `float64[:]`, ...) is reported as a
case-file bug rather than as a kiln failure.

Running
-------
`.venv/bin/python -m pytest tests` (options: see `conftest.py`). With
`KILN_HARNESS_CPYTHON_ONLY=1` the "kiln" side is a second import of the .py
file, which checks the harness, the specs and that every runas is
deterministic. With `KILN=tests/fake_kiln.sh` a stand-in "compiler" builds real
extension modules that run the Python source, which exercises building and
importing too (everything passes except the strict xfails, which XPASS).
"""

import pytest

import kilntest


def _params():
    params = []
    for path in kilntest.case_paths():
        try:
            case = kilntest.parse_case(path)
        except kilntest.CaseFormatError as e:
            params.append(pytest.param(e, id=f"{path.name}:format"))
            continue
        for r in case.runas:
            marks = []
            if case.todo is not None and not kilntest.cpython_only():
                marks.append(
                    pytest.mark.xfail(reason=f"not supported yet: {case.todo}", strict=True, raises=kilntest.KilnUnsupported)
                )
            elif r.xfail and not kilntest.cpython_only():
                marks.append(pytest.mark.xfail(reason=r.xfail, strict=True, raises=kilntest.KilnMismatch))
            params.append(pytest.param(r, id=r.id, marks=marks))
    return params


@pytest.mark.parametrize("runas", _params())
def test_case(runas):
    if isinstance(runas, kilntest.CaseFormatError):
        pytest.fail(f"malformed case file: {runas}", pytrace=False)
    kilntest.check_runas(runas)
