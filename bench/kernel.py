"""Parse benchmark kernel files (``bench/kernels/*.py``).

A kernel is a plain Python module whose header comments say how to benchmark
it (see ``bench/README.md``):

- ``#pythran export f(...)`` (or ``#kiln export``): the exported functions;
- ``#setup: stmt; stmt``: builds the inputs, seeded and deterministic;
- ``#run: f(args)``: the call that is timed and whose value is checked;
- ``#size: ...``: a human description of the problem size;
- ``#numexpr: ...`` (optional): the same computation written for numexpr.

This module only reads files; it never imports or runs a kernel.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path

KERNELS_DIR = Path(__file__).resolve().parent / "kernels"

_EXPORT_RE = re.compile(r"^#\s*(?:pythran|kiln)\s+export\s+([A-Za-z_]\w*)")
_FIELD_RE = re.compile(r"^#\s*(setup|run|size|numexpr)\s*:\s?(.*)$")
_OMP_RE = re.compile(r"^\s*#\s*omp\s+parallel\s+for\b")
_NUMPY_RE = re.compile(r"^\s*(?:import\s+numpy|from\s+numpy\b)", re.MULTILINE)


class KernelError(ValueError):
    """A kernel file lacks a header line the bench needs."""


@dataclass(frozen=True)
class Kernel:
    """One benchmark kernel, as read from its file."""

    name: str
    path: Path
    source: str
    exports: tuple[str, ...]
    setup: str
    run: str
    size: str = ""
    numexpr: str | None = None

    @property
    def has_omp_loops(self) -> bool:
        """Whether some loop is marked ``#omp parallel for`` (Pythran's OpenMP syntax)."""
        return any(_OMP_RE.match(line) for line in self.source.splitlines())

    @property
    def uses_numpy(self) -> bool:
        return bool(_NUMPY_RE.search(self.source))


def parse_kernel(path: Path) -> Kernel:
    """Read one kernel file; raise KernelError when ``#run`` or an export is missing."""
    source = path.read_text()
    exports: list[str] = []
    fields: dict[str, list[str]] = {}
    for line in source.splitlines():
        if m := _EXPORT_RE.match(line):
            if m.group(1) not in exports:
                exports.append(m.group(1))
        elif m := _FIELD_RE.match(line):
            fields.setdefault(m.group(1), []).append(m.group(2).strip())
    if "run" not in fields:
        raise KernelError(f"{path.name}: no '#run:' line")
    if not exports:
        raise KernelError(f"{path.name}: no '#pythran export' line")
    return Kernel(
        name=path.stem,
        path=path,
        source=source,
        exports=tuple(exports),
        # Several '#setup:' lines run in order, one statement line each.
        setup="\n".join(fields.get("setup", [])),
        run=fields["run"][0],
        size=" ".join(fields.get("size", [])),
        numexpr=fields["numexpr"][0] if "numexpr" in fields else None,
    )


def discover(directory: Path = KERNELS_DIR) -> tuple[list[Kernel], list[str]]:
    """All kernels in ``directory`` sorted by name, plus one warning per unusable file."""
    kernels, warnings = [], []
    for path in sorted(directory.glob("*.py")):
        if path.name.startswith("_"):
            continue
        try:
            kernels.append(parse_kernel(path))
        except KernelError as err:
            warnings.append(f"skipping kernel {err}")
    return kernels, warnings


def select(kernels: list[Kernel], patterns: str | None) -> list[Kernel]:
    """Kernels matching a comma-separated list of names or globs (all when None).

    Raises KernelError naming any pattern that matches nothing, since a typo
    would otherwise silently benchmark less than asked for.
    """
    if not patterns:
        return kernels
    wanted = [p.strip() for p in patterns.split(",") if p.strip()]
    unmatched = [p for p in wanted if not any(fnmatch.fnmatchcase(k.name, p) for k in kernels)]
    if unmatched:
        known = ", ".join(k.name for k in kernels)
        raise KernelError(f"no kernel matches {', '.join(unmatched)} (known: {known})")
    return [k for k in kernels if any(fnmatch.fnmatchcase(k.name, p) for p in wanted)]
