# Developer entry points. `make demo` and `make test` work on a fresh machine
# with only Rust, gcc and Python 3.11: they create the virtual environment
# and build kiln themselves.

PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
BENCH_VENV := .venv-bench

.PHONY: demo test build bench venv clean

$(VENV)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

build:
	cargo build --release

# Build kiln, compile examples/, import each next to CPython, check, time.
demo: venv build
	$(VPY) examples/run.py

# The whole test suite: Rust unit and snapshot tests, then the end-to-end
# differential suite (compile, import, compare against CPython).
test: venv build
	cargo test --release --workspace
	$(VPY) -m pytest tests -q

$(BENCH_VENV)/.installed: requirements-bench.txt requirements-dev.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -r requirements-bench.txt
	touch $@

# Side-by-side benchmarks against CPython/NumPy, Pythran and Numba.
bench: $(BENCH_VENV)/.installed build
	$(BENCH_VENV)/bin/python bench/bench.py $(BENCH_ARGS)

clean:
	cargo clean
	rm -rf $(VENV) $(BENCH_VENV) tests/.build bench/results
