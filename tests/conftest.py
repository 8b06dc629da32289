"""pytest wiring for kiln's test suite: options, the session's build pool, and
the report header. The machinery itself is in `kilntest.py`.

Options and environment:
- `--kiln-rebuild` or `KILN_REBUILD=1`: recompile every module even if the
  build cache in `tests/.build/` is up to date;
- `KILN=/path/to/kiln`: the compiler (default `<repo>/target/release/kiln`);
- `KILN_FLAGS="--no-boundscheck"`: extra arguments for every kiln invocation;
- `KILN_COMPILE_JOBS` (default 2), `KILN_COMPILE_TIMEOUT` (seconds, default 300);
- `KILN_HARNESS_CPYTHON_ONLY=1`: compare CPython with CPython, no kiln needed.
"""

import kilntest


def pytest_addoption(parser):
    group = parser.getgroup("kiln")
    group.addoption(
        "--kiln-rebuild",
        action="store_true",
        default=False,
        help="recompile every kiln test module, ignoring the tests/.build cache (also KILN_REBUILD=1)",
    )


def pytest_configure(config):
    rebuild = config.getoption("--kiln-rebuild") or kilntest.env_flag("KILN_REBUILD")
    kilntest.configure(rebuild=rebuild)


def pytest_report_header(config):
    if kilntest.cpython_only():
        return ["kiln: CPython-only mode (KILN_HARNESS_CPYTHON_ONLY=1), kiln is not run"]
    return [f"kiln: {kilntest.kiln_path()}, builds in {kilntest.BUILD_DIR}"]


def pytest_collection_finish(session):
    """Start compiling, two at a time, every case file a selected test needs,
    in the order the tests will run; each test then waits for its own file."""
    if kilntest.cpython_only():
        return
    sources = []
    for item in session.items:
        callspec = getattr(item, "callspec", None)
        runas = callspec.params.get("runas") if callspec else None
        if isinstance(runas, kilntest.Runas) and runas.case_path not in sources:
            sources.append(runas.case_path)
    kilntest.builder().prefetch(sources)


def pytest_unconfigure(config):
    kilntest.builder().shutdown()
