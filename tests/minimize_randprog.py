"""Shrink a program on which CPython and kiln disagree, keeping the kind of
disagreement (which side raised what), for bug reports.

    .venv/bin/python tests/minimize_randprog.py MODULE.py FUNC 'ARGS'

`MODULE.py` is a module (for example a `tests/.build/randprog/rp*.py` from
`test_random_programs.py`), `FUNC` the exported function and `ARGS` a Python
expression for its argument tuple (`np` is NumPy), e.g.
`'(np.array([0, 1]), 3)'`. The result is printed and written next to the
input as `<MODULE>.min.py`.

It deletes lines and whole blocks, and unwraps `if`/`for`/`while`/`else`
blocks, while the program still compiles with kiln and still disagrees the
same way. Each step runs kiln (about 0.1 s), so expect a minute.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import kilntest  # noqa: E402

_counter = 0


def outcome_kind(o: kilntest.Outcome) -> str:
    return "value" if o.exc is None else type(o.exc).__name__


def run(src: str, func: str, args: tuple, workdir: Path):
    """(CPython outcome, kiln outcome) or None if kiln cannot compile `src`."""
    global _counter
    _counter += 1
    name = f"m{_counter}"
    path = workdir / f"{name}.py"
    path.write_text(src)
    so = workdir / (name + kilntest.EXT_SUFFIX)
    proc = subprocess.run([str(kilntest.kiln_path()), str(path), "-o", str(so)], capture_output=True, text=True)
    if proc.returncode != 0:
        return None
    try:
        ref = kilntest.import_python(path, name + "__py")
        mod = kilntest.import_extension(name, so)
        fref, fkiln = getattr(ref, func), getattr(mod, func)
    except Exception:  # noqa: BLE001 - a broken candidate is just rejected
        return None
    outs = []
    for f in (fref, fkiln):
        fresh = tuple(a.copy(order="K") if isinstance(a, np.ndarray) else a for a in args)
        o = kilntest.Outcome()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                o.value = f(*fresh)
            except Exception as e:  # noqa: BLE001
                o.exc = e
        o.variables = {f"arg{i}": a for i, a in enumerate(fresh) if isinstance(a, np.ndarray)}
        outs.append(o)
    return outs


def signature(outs) -> tuple | None:
    if outs is None or not kilntest.diff_outcomes(outs[0], outs[1]):
        return None
    return (outcome_kind(outs[0]), outcome_kind(outs[1]))


def block_end(lines: list[str], i: int) -> int:
    """Index after the block whose header is line `i`."""
    indent = len(lines[i]) - len(lines[i].lstrip())
    j = i + 1
    while j < len(lines) and (not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip()) > indent):
        j += 1
    return j


def candidates(lines: list[str]):
    """Smaller versions of `lines`, biggest cuts first."""
    for i in range(len(lines) - 1, -1, -1):
        s = lines[i].strip()
        if not s or s.startswith(("import", '"""')):
            continue
        if s.endswith(":"):
            end = block_end(lines, i)
            yield lines[:i] + lines[end:]
            # Unwrap: keep the body, one level less indented.
            body = [ln[4:] if ln.startswith("    ") else ln for ln in lines[i + 1 : end]]
            if not s.startswith("def "):
                yield lines[:i] + body + lines[end:]
        else:
            yield lines[:i] + lines[i + 1 :]


def minimize(src: str, func: str, args: tuple) -> str:
    workdir = Path(tempfile.mkdtemp(prefix="kiln-min-"))
    try:
        target = signature(run(src, func, args, workdir))
        if target is None:
            raise SystemExit("CPython and kiln agree on this program and input: nothing to minimize")
        print(f"disagreement: CPython {target[0]}, kiln {target[1]}", file=sys.stderr)
        # Keep only the export line of `func`.
        lines = [
            ln
            for ln in src.splitlines()
            if not (ln.startswith("#pythran export") and not ln.startswith(f"#pythran export {func}("))
        ]
        progress = True
        while progress:
            progress = False
            for cand in candidates(lines):
                if signature(run("\n".join(cand) + "\n", func, args, workdir)) == target:
                    lines = cand
                    progress = True
                    print(f"  {len(lines)} lines", file=sys.stderr)
                    break
        return "\n".join(lines) + "\n"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    path, func, args_text = Path(argv[0]), argv[1], argv[2]
    args = eval(args_text, {"np": np, "nan": float("nan"), "inf": float("inf")})  # noqa: S307 - a developer tool
    if not isinstance(args, tuple):
        args = (args,)
    out = minimize(path.read_text(), func, args)
    dest = path.with_suffix(".min.py")
    dest.write_text(out)
    print(out)
    print(f"# written to {dest}; arguments: {args_text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
