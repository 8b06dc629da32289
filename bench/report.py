"""Turn a finished run into results.md (tables), results.json (raw samples) and speedup.png.

Conventions of the tables:

- times are medians in ms per call; the figure in parentheses is the speed-up
  over CPython/NumPy (its median divided by the cell's);
- ``~`` marks a result equal to CPython/NumPy's within tolerance but not
  bit-identical;
- "kiln vs best" divides the best Pythran/Numba median by kiln's, so > 1 means
  kiln is faster; the "1T" variant compares single-thread configurations only;
- a cell that has no time says why: ``COMPILE FAIL``, ``IMPORT FAIL``,
  ``MISMATCH``, ``ERROR``, ``CRASH``, ``TIMEOUT``, ``FAIL`` (a competitor that
  failed to compile), ``skipped`` or ``n/a``; the reasons are listed below the
  tables;
- the geomean row is over the kernels where that column has a value (n=...).
"""

from __future__ import annotations

import dataclasses
import json
import math
import statistics
from dataclasses import dataclass
from pathlib import Path

from bench.runner import (COMPILE_FAIL, CRASH, ERROR, IMPORT_FAIL, MISMATCH, NOT_APPLICABLE, OK, SKIPPED,
                          TIMEOUT, Cell, KernelResult, Settings)
from bench.tools import Impl

_STATUS_LABELS = {
    IMPORT_FAIL: "IMPORT FAIL", ERROR: "ERROR", CRASH: "CRASH", TIMEOUT: "TIMEOUT",
    MISMATCH: "MISMATCH", SKIPPED: "skipped", NOT_APPLICABLE: "n/a",
}


@dataclass
class Run:
    """Everything one invocation measured, plus the context needed to read it."""

    started: str
    finished: str
    argv: list[str]
    mode: str  # "full" or "quick"
    settings: Settings
    impls: list[Impl]
    reference_timed: bool
    machine: dict
    notices: list[str]
    results: list[KernelResult]


# --------------------------------------------------------------------------
# Numbers


def fmt_ms(ms: float) -> str:
    if ms >= 100:
        return f"{ms:.0f}"
    if ms >= 10:
        return f"{ms:.1f}"
    if ms >= 1:
        return f"{ms:.2f}"
    return f"{ms:.3g}"


def fmt_x(ratio: float) -> str:
    if ratio < 1:
        return f"{ratio:.2g}x"
    if ratio < 100:
        return f"{ratio:.1f}x"
    return f"{ratio:.0f}x"


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f}" if seconds < 10 else f"{seconds:.1f}"


def geomean(values: list[float]) -> float | None:
    values = [v for v in values if v and v > 0]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else None


def _median_ms(cell: Cell | None) -> float | None:
    if cell is None or cell.status != OK or not cell.timed or cell.median_ns is None:
        return None
    return cell.median_ns / 1e6


NOISY_IQR = 0.25  # a cell whose interquartile range exceeds this fraction of its median is marked


def spread(cell: Cell) -> float | None:
    """Interquartile range of the samples over their median."""
    if len(cell.samples_ns) < 4:
        return None
    q1, _, q3 = statistics.quantiles(cell.samples_ns, n=4)
    return (q3 - q1) / cell.median_ns


def is_noisy(cell: Cell) -> bool:
    r = spread(cell)
    return r is not None and r > NOISY_IQR


def status_label(cell: Cell) -> str:
    if cell.status == COMPILE_FAIL:
        return "COMPILE FAIL" if cell.impl.tool == "kiln" else "FAIL"
    return _STATUS_LABELS.get(cell.status, cell.status)


def speedup(run: Run, result: KernelResult, impl: Impl) -> float | None:
    base = _median_ms(result.cells.get("cpython"))
    own = _median_ms(result.cells.get(impl.key))
    return base / own if base and own else None


def kiln_vs_best(run: Run, result: KernelResult, single_thread: bool) -> float | None:
    """Best competitor median / best kiln median (> 1: kiln faster)."""
    def best(pred):
        times = [_median_ms(result.cells.get(i.key)) for i in run.impls if pred(i)]
        times = [t for t in times if t]
        return min(times) if times else None

    one = (lambda i: i.threads == 1) if single_thread else (lambda i: True)
    kiln = best(lambda i: i.tool == "kiln" and one(i))
    rival = best(lambda i: i.competitor and one(i))
    return rival / kiln if kiln and rival else None


# --------------------------------------------------------------------------
# Markdown


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _has_competitors(run: Run) -> bool:
    return any(i.competitor for i in run.impls) and any(i.tool == "kiln" for i in run.impls)


def timing_table(run: Run) -> list[str]:
    impls = [i for i in run.impls if i.key != "cpython" or run.reference_timed]
    comp = _has_competitors(run)
    header = ["kernel", "size"] + [i.label for i in impls]
    if comp:
        header += ["kiln 1T vs best 1T", "kiln vs best"]
    rows = []
    for res in run.results:
        row = [res.kernel.name, res.kernel.size]
        for impl in impls:
            cell = res.cells.get(impl.key)
            if cell is None:
                row.append("")
            elif cell.status != OK:
                row.append(status_label(cell))
            else:
                text = fmt_ms(_median_ms(cell))
                x = speedup(run, res, impl)
                if x and impl.key != "cpython":
                    text += f" ({fmt_x(x)})"
                text += " ~" if cell.approx else ""
                row.append(text + (" †" if is_noisy(cell) else ""))
        if comp:
            for single in (True, False):
                r = kiln_vs_best(run, res, single)
                row.append(fmt_x(r) if r else "")
        if res.error:
            row = row[:2] + ["ERROR"] + [""] * (len(row) - 3)
        rows.append(row)
    if run.reference_timed:
        geo = ["**geomean**", "speed-up"]
        for impl in impls:
            values = [speedup(run, r, impl) for r in run.results]
            values = [v for v in values if v]
            g = geomean(values)
            geo.append("" if impl.key == "cpython" else (f"{fmt_x(g)} (n={len(values)})" if g else ""))
        if comp:
            for single in (True, False):
                values = [v for v in (kiln_vs_best(run, r, single) for r in run.results) if v]
                g = geomean(values)
                geo.append(f"{fmt_x(g)} (n={len(values)})" if g else "")
        rows.append(geo)
    return _table(header, rows)


def _compile_cell(cell: Cell | None) -> tuple[str, float | None]:
    """(text, wall s) of a kiln or Pythran build.

    A build whose module then fails (import error, wrong result, ...) shows its
    time with the failure, but gives no value to the ratio and the geomean.
    """
    if cell is None or cell.build is None:
        return "", None
    build = cell.build
    if build.skipped:
        return "skipped", None
    if not build.ok:
        return status_label(cell), None
    text = f"{fmt_s(build.wall_s)} ({fmt_s(build.cpu_s)})" + ("*" if build.cached else "")
    if cell.status not in (OK, NOT_APPLICABLE):
        return f"{text} {status_label(cell)}", None
    return text, build.wall_s


def _numba_first_call(cell: Cell | None) -> tuple[str, float | None]:
    if cell is None:
        return "", None
    if cell.status != OK:
        return status_label(cell), None
    build = cell.build
    if build is not None and build.cached:
        ns = build.recorded_first_call_ns
        return (f"{fmt_ms(ns / 1e6)}*", ns / 1e6) if ns else ("cached", None)
    ns = cell.first_call_ns
    return (fmt_ms(ns / 1e6), ns / 1e6) if ns else ("", None)


def compile_table(run: Run) -> list[str]:
    keys = {i.key: i for i in run.impls}
    kiln = next((i for i in run.impls if i.tool == "kiln"), None)
    columns = []  # (header, extractor)
    if kiln:
        columns.append(("kiln s (cpu s)", lambda r: _compile_cell(r.cells.get(kiln.key))))
    for key, head in (("pythran", "Pythran s (cpu s)"), ("pythran-omp", "Pythran OMP s (cpu s)")):
        if key in keys:
            columns.append((head, lambda r, k=key: _compile_cell(r.cells.get(k))))
    if kiln and "pythran" in keys:
        def ratio(r):
            _, k = _compile_cell(r.cells.get(kiln.key))
            _, p = _compile_cell(r.cells.get("pythran"))
            return (fmt_x(p / k), p / k) if k and p else ("", None)
        columns.append(("Pythran / kiln", ratio))
    for key, head in (("numba", "Numba 1st call ms"), ("numba-par", "Numba par 1st call ms")):
        if key in keys:
            columns.append((head, lambda r, k=key: _numba_first_call(r.cells.get(k))))
    if not columns:
        return []
    rows, values = [], [[] for _ in columns]
    for res in run.results:
        row = [res.kernel.name]
        for j, (_, extract) in enumerate(columns):
            text, value = extract(res)
            row.append(text)
            if value:
                values[j].append(value)
        rows.append(row)
    geo = ["**geomean**"]
    for (head, _), vals in zip(columns, values):
        g = geomean(vals)
        if g is None:
            geo.append("")
        elif head.startswith("Pythran / kiln"):
            geo.append(f"{fmt_x(g)} (n={len(vals)})")
        elif head.startswith("Numba"):
            geo.append(f"{fmt_ms(g)} (n={len(vals)})")
        else:
            geo.append(f"{fmt_s(g)} s (n={len(vals)})")
    rows.append(geo)
    return _table(["kernel"] + [h for h, _ in columns], rows)


def failure_notes(run: Run) -> list[str]:
    """One line per distinct reason, naming the kernels it applies to.

    kiln's 1T and NT columns share one build, so their compile failures are
    reported once, as "kiln".
    """
    groups: dict[tuple[str, str, str], list[str]] = {}
    lines = []
    for res in run.results:
        if res.error:
            lines.append(f"- `{res.kernel.name}`: {res.error}")
        for cell in res.cells.values():
            if cell.status == OK or not cell.error:
                continue
            who = "kiln" if cell.status == COMPILE_FAIL and cell.impl.tool == "kiln" else cell.impl.label
            names = groups.setdefault((who, status_label(cell), cell.error), [])
            if res.kernel.name not in names:
                names.append(res.kernel.name)
    for (who, label, error), names in groups.items():
        kernels = ", ".join(f"`{n}`" for n in names)
        lines.append(f"- {who} {label} on {kernels}: {error}")
    return lines


def render_markdown(run: Run) -> str:
    m = run.machine
    v = m["versions"]
    tools = ", ".join(f"{name} {v[dist]}" for name, dist in (
        ("Python", "python"), ("NumPy", "numpy"), ("Pythran", "pythran"), ("Numba", "numba"),
        ("numexpr", "numexpr"), ("SciPy", "scipy"), ("scipy-openblas64", "scipy-openblas64")) if v.get(dist))
    s = run.settings
    out = [
        f"# kiln benchmark, {run.started} ({run.mode})",
        "",
        f"- Machine: {m['cpu_model']}, {m['cpu_count']} CPUs ({m['cpus_usable']} usable), "
        f"load average {m['loadavg_start']} at start, {m.get('loadavg_end', '?')} at the end.",
        f"- {tools}.",
        f"- kiln: commit {m['kiln_commit']}, binary `{m['kiln_binary']}`"
        + ("" if m["kiln_binary_found"] else " (not found)") + ".",
        f"- Sampling: round-robin over the implementations; each keeps sampling until it has "
        f"{s.min_samples} samples and {s.budget_s:g} s of its own time, or {s.max_samples} samples; "
        f"warm-up {s.warmup_s:g} s; calls under {s.target_sample_ns / 1e6:g} ms are repeated within a sample"
        f"{'; the first call counts as a sample (except for Numba)' if s.first_call_is_sample else ''}. "
        f"Results checked against CPython/NumPy with rtol={s.rtol:g}, atol={s.atol:g}.",
        "",
        "## Median time per call (ms) and speed-up over CPython/NumPy",
        "",
        "`~`: equal to CPython/NumPy's result within tolerance, not bit-identical. "
        f"`†`: noisy, the samples' interquartile range exceeds {NOISY_IQR:.0%} of the median. "
        "kiln vs best: best Pythran/Numba median / best kiln median (> 1: kiln faster); "
        "1T: single-thread configurations only.",
        "",
        *timing_table(run),
    ]
    compile_lines = compile_table(run)
    if compile_lines:
        out += [
            "",
            "## Compile cost",
            "",
            "kiln and Pythran: wall s of the compiler process (CPU s, children included); "
            "Pythran / kiln > 1: kiln compiles faster. Numba: the first call in ms "
            "(type inference + LLVM + one run). `*`: from the cache, as measured when it was built.",
            "",
            *compile_lines,
        ]
    notes = failure_notes(run)
    if notes or run.notices:
        out += ["", "## Failures and notices", ""] + [f"- {n}" for n in run.notices] + notes
    out += ["", "## Configurations", "",
            "Each implementation runs in its own worker process with these settings.", ""]
    out += _table(["implementation", "threads", "CPUs", "how"],
                  [[i.label, str(i.threads), ",".join(map(str, i.cpus)), i.describe()] for i in run.impls])
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# JSON


def _cell_json(cell: Cell) -> dict:
    build = None
    if cell.build is not None:
        build = {k: (str(v) if isinstance(v, Path) else v) for k, v in dataclasses.asdict(cell.build).items()}
    median_ns = cell.median_ns
    return {
        "status": cell.status,
        "label": status_label(cell) if cell.status != OK else "ok",
        "error": cell.error,
        "approx": cell.approx,
        "timed": cell.timed,
        "median_ns": median_ns,
        "min_ns": min(cell.samples_ns) if cell.samples_ns else None,
        "iqr_over_median": spread(cell),
        "samples_ns": cell.samples_ns,
        "calls_per_sample": cell.inner,
        "warmup_calls": cell.warmup_calls,
        "first_call_ns": cell.first_call_ns,
        "import_ns": cell.import_ns,
        "warnings": cell.warnings,
        "worker": cell.info,
        "build": build,
    }


def to_json(run: Run) -> dict:
    return {
        "schema": 1,
        "started": run.started,
        "finished": run.finished,
        "argv": run.argv,
        "mode": run.mode,
        "settings": dataclasses.asdict(run.settings),
        "machine": run.machine,
        "notices": run.notices,
        "implementations": [dict(dataclasses.asdict(i), env=i.env()) for i in run.impls],
        "kernels": [
            {
                "name": r.kernel.name,
                "size": r.kernel.size,
                "setup": r.kernel.setup,
                "run": r.kernel.run,
                "error": r.error,
                "wall_s": r.wall_s,
                "results": {key: _cell_json(cell) for key, cell in r.cells.items()},
            }
            for r in run.results
        ],
    }


def write_json(run: Run, path: Path) -> None:
    path.write_text(json.dumps(to_json(run), indent=1, default=str) + "\n")


# --------------------------------------------------------------------------
# Chart


def write_chart(run: Run, path: Path) -> str | None:
    """Bar chart of speed-ups over CPython/NumPy; returns a notice when it cannot be drawn."""
    if not run.reference_timed:
        return "no chart: CPython/NumPy was not timed"
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "matplotlib is not installed: no chart (pip install -r requirements-bench.txt)"
    impls = [i for i in run.impls if i.key != "cpython"]
    if not impls or not run.results:
        return "no chart: nothing but CPython/NumPy was timed"
    groups = [r.kernel.name for r in run.results] + ["geomean"]
    width = 0.8 / len(impls)
    fig, ax = plt.subplots(figsize=(max(8.0, 1.0 + 0.9 * len(groups)), 5.0))
    for j, impl in enumerate(impls):
        values = [speedup(run, r, impl) for r in run.results]
        values.append(geomean([v for v in values if v]))
        xs = [g + (j - (len(impls) - 1) / 2) * width for g in range(len(groups))]
        pts = [(x, v) for x, v in zip(xs, values) if v]
        # Draw even an empty series, so colours and legend stay the same across runs.
        ax.bar([x for x, _ in pts], [v for _, v in pts], width, label=impl.label)
    ax.set_yscale("log")
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels(groups, rotation=30, ha="right")
    ax.set_ylabel("speed-up over CPython/NumPy (log scale)")
    ax.set_title(f"kiln benchmark, {run.started} ({run.mode}); missing bar = no result")
    ax.legend(fontsize="small", ncol=2)
    ax.grid(axis="y", which="major", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return None
