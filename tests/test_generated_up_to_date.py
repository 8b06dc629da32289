"""The generated NumPy cases (`tests/cases/gen_*.py`, `np_bug_gen_*.py`,
`np_todo_gen_*.py`) must be exactly what `tests/gen_numpy_cases.py` writes
from today's operation table (`compiler/src/optable.rs`): a ufunc or reduction
added to the table, or an edit to the generator, needs a regeneration.

Fix a failure with `.venv/bin/python tests/gen_numpy_cases.py`.

The generator runs in a subprocess: it evaluates thousands of NumPy calls,
and the memory it frees would otherwise hide a leak from `test_leaks.py`'s
own self-check in the same process."""

import subprocess
import sys

import gen_numpy_cases


def test_generated_numpy_cases_are_up_to_date():
    proc = subprocess.run(
        [sys.executable, str(gen_numpy_cases.TESTS_DIR / "gen_numpy_cases.py"), "--check"],
        cwd=gen_numpy_cases.REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, (
        f"the generated case files differ from the generator's output; run `{gen_numpy_cases.REGEN_CMD}`\n"
        + proc.stdout[-3000:]
        + proc.stderr[-3000:]
    )


def test_every_table_ufunc_and_reduction_has_a_file():
    ufuncs, reductions = gen_numpy_cases.operations(
        gen_numpy_cases.parse_table(gen_numpy_cases.OPTABLE.read_text())
    )
    assert len(ufuncs) >= 50 and len(reductions) >= 15
    names = {p.name for p in gen_numpy_cases.CASES_DIR.glob("gen_*.py")}
    missing = [f"gen_ufunc_{u.name}.py" for u in ufuncs if f"gen_ufunc_{u.name}.py" not in names]
    missing += [f"gen_reduce_{r.name}.py" for r in reductions if f"gen_reduce_{r.name}.py" not in names]
    assert not missing, f"no generated cases for {missing}; run `{gen_numpy_cases.REGEN_CMD}`"


def test_table_parser_reads_every_entry_kind():
    text = """
    pub static TABLE: &[OpDef] = &[
        // a comment with "quotes", and (parens
        ufunc_f("numpy.sqrt", 1, FloatImpl::Sqrt),
        ufunc("numpy.maximum", 2, DTypeRule::Same,
              UfuncScalar::MinMax { max: true, nan_propagates: true }),
        op_ufunc("numpy.add", Lower::UfuncBinary(BinaryOp::Add)),
        op_ufunc("numpy.where", Lower::Where),
        np("numpy.sum", NpFn::Reduce(reduce::SUM)),
        np("ndarray.sum", NpFn::Reduce(reduce::SUM)),
        np("ndarray.cumsum", NpFn::Scan(scan::CUMSUM)),
        np("numpy.copy", NpFn::Copy),
        pure("math.pi", Lower::FloatConst(std::f64::consts::PI), false),
    ];
    """
    ufuncs, reductions = gen_numpy_cases.operations(gen_numpy_cases.parse_table(text))
    assert [(u.name, u.arity, u.operator) for u in ufuncs] == [
        ("sqrt", 1, None), ("maximum", 2, None), ("add", 2, "+"), ("where", 3, None)
    ]
    assert [(r.name, r.kind, r.function, r.method) for r in reductions] == [
        ("sum", "Reduce", True, True), ("cumsum", "Scan", False, True)
    ]
