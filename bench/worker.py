"""Worker subprocess: imports one implementation of one kernel and times it on request.

The parent (``bench/runner.py``) starts one worker per implementation
configuration, with that configuration's thread environment variables already
set, because OpenMP, OpenBLAS, Numba, numexpr and kiln read them when their
libraries load. Command line: ``worker.py CPUS [MODULE ...]``. The worker first
pins itself to CPUS (comma-separated), then imports the listed modules (NumPy,
Numba, ...; all workers of a kernel do this at the same time, before anything
is measured) and reports that it is ready. It then answers commands one at a
time, so the parent can alternate implementations round-robin:

- ``init``: import the kernel's module, build the inputs from ``#setup``, make
  the first call (timed: for Numba this is type inference + LLVM + one run)
  and send back its result for checking;
- ``warmup``: call until a time budget is spent, then choose how many calls make
  one sample (several when a call is shorter than the target sample time);
- ``sample``: time one sample with ``time.perf_counter_ns``; reply ns per call;
- ``quit``.

Messages are pickled dicts framed by an 8-byte length. The worker answers on
a private duplicate of its original stdout; file descriptor 1 is redirected to
stderr so that anything a kernel or a library prints cannot corrupt the
protocol. This file uses only the standard library at module level: it runs
as a script (``python -P bench/worker.py``) and the parent imports its framing
helpers.
"""

from __future__ import annotations

import ast
import gc
import importlib.util
import math
import os
import pickle
import struct
import sys
import time
import traceback
import warnings

_HEADER = struct.Struct(">Q")


def send_msg(stream, obj) -> None:
    """Write one framed, pickled message and flush it."""
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(payload)) + payload)
    stream.flush()


def read_exact(stream, n: int) -> bytes:
    """Read exactly n bytes; raise EOFError when the other side has gone."""
    chunks, left = [], n
    while left:
        chunk = stream.read(left)
        if not chunk:
            raise EOFError("peer closed the pipe")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def recv_msg(stream):
    """Read one framed, pickled message (blocking)."""
    (length,) = _HEADER.unpack(read_exact(stream, _HEADER.size))
    return pickle.loads(read_exact(stream, length))


def _error_reply(phase: str, exc: BaseException) -> dict:
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return {
        "ok": False,
        "phase": phase,
        "error_type": type(exc).__name__,
        "error_module": type(exc).__module__,
        "error": text,
        "traceback": traceback.format_exc(),
    }


def _import_module(name: str, path: str):
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


class Caller:
    """Calls the ``#run`` expression with as little per-call overhead as possible.

    When the expression is one call (``f(a, b)``), the callee and arguments are
    evaluated once, so a timed call is ``f(*args)`` and excludes name lookups.
    Anything else is evaluated as a compiled expression each time.
    """

    def __init__(self, expr: str, namespace: dict):
        self.func = None
        tree = ast.parse(expr, mode="eval")
        call = tree.body
        simple = isinstance(call, ast.Call) and not any(
            isinstance(a, ast.Starred) for a in call.args
        ) and all(k.arg is not None for k in call.keywords)
        if simple:
            def ev(node):
                return eval(compile(ast.Expression(node), "<run>", "eval"), namespace)

            self.func = ev(call.func)
            self.args = tuple(ev(a) for a in call.args)
            self.kwargs = {k.arg: ev(k.value) for k in call.keywords}
        else:
            self.code = compile(tree, "<run>", "eval")
            self.namespace = namespace

    def once(self):
        if self.func is not None:
            return self.func(*self.args, **self.kwargs)
        return eval(self.code, self.namespace)

    def timed(self, calls: int) -> int:
        """Total ns for ``calls`` calls; the results are dropped."""
        if self.func is not None and not self.kwargs:
            func, args = self.func, self.args
            t0 = time.perf_counter_ns()
            for _ in range(calls):
                func(*args)
            return time.perf_counter_ns() - t0
        once = self.once
        t0 = time.perf_counter_ns()
        for _ in range(calls):
            once()
        return time.perf_counter_ns() - t0


class Worker:
    def __init__(self):
        self.caller: Caller | None = None
        self.inner = 1
        self.first_call_ns = 0

    def init(self, msg: dict) -> dict:
        namespace: dict = {}
        t0 = time.perf_counter_ns()
        try:
            if msg["kind"] == "numexpr":
                import numexpr  # noqa: F401  (the expression names it `ne`)

                namespace["ne"] = numexpr
            else:
                module = _import_module(msg["module_name"], msg["module_path"])
        except BaseException as exc:  # noqa: BLE001 - any import failure is a result
            return _error_reply("import", exc)
        import_ns = time.perf_counter_ns() - t0
        try:
            exec(compile(msg["setup"], "<setup>", "exec"), namespace)
        except BaseException as exc:  # noqa: BLE001
            return _error_reply("setup", exc)
        if msg["kind"] != "numexpr":
            for name in msg["exports"]:
                if not hasattr(module, name):
                    return _error_reply("import", AttributeError(f"module has no function {name!r}"))
                namespace[name] = getattr(module, name)
        expr = msg["numexpr"] if msg["kind"] == "numexpr" else msg["run"]
        try:
            self.caller = Caller(expr, namespace)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                t0 = time.perf_counter_ns()
                result = self.caller.once()
                self.first_call_ns = time.perf_counter_ns() - t0
        except BaseException as exc:  # noqa: BLE001
            return _error_reply("first call", exc)
        reply = {
            "ok": True,
            "import_ns": import_ns,
            "first_call_ns": self.first_call_ns,
            "result": result,
            "warnings": [f"{w.category.__name__}: {str(w.message).strip()}" for w in caught],
            "info": self._info(),
        }
        try:
            pickle.dumps(result)
        except Exception as exc:  # noqa: BLE001 - e.g. an exotic result type
            reply["result"] = None
            reply["result_error"] = f"result of type {type(result).__name__} cannot be pickled: {exc}"
        return reply

    @staticmethod
    def _info() -> dict:
        info = {
            "pid": os.getpid(),
            "cpus": sorted(os.sched_getaffinity(0)),
            "env": {k: v for k, v in os.environ.items() if k.endswith("_NUM_THREADS") or k.endswith("_MAX_THREADS")},
        }
        numba = sys.modules.get("numba")
        if numba is not None:
            info["numba_threads"] = numba.get_num_threads()
        return info

    def warmup(self, msg: dict) -> dict:
        """Call until ``seconds`` have passed (at least ``min_calls`` times) and pick ``inner``."""
        best = None
        calls = 0
        deadline = time.perf_counter_ns() + int(msg["seconds"] * 1e9)
        while calls < msg["min_calls"] or time.perf_counter_ns() < deadline:
            ns = self.caller.timed(1)
            best = ns if best is None else min(best, ns)
            calls += 1
        estimate = best if best is not None else self.first_call_ns
        target = msg["target_sample_ns"]
        self.inner = 1 if estimate >= target else max(1, math.ceil(target / max(estimate, 1)))
        return {"ok": True, "inner": self.inner, "estimate_ns": estimate, "calls": calls}

    def sample(self, _msg: dict) -> dict:
        gc.collect()
        try:
            total = self.caller.timed(self.inner)
        except BaseException as exc:  # noqa: BLE001
            return _error_reply("sample", exc)
        return {"ok": True, "ns": total / self.inner}


def main() -> None:
    sys.dont_write_bytecode = True
    # The protocol gets a private copy of stdout; fd 1 then points at stderr.
    proto_out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    proto_in = sys.stdin.buffer
    os.sched_setaffinity(0, [int(c) for c in sys.argv[1].split(",")])
    t0 = time.perf_counter_ns()
    try:
        for name in sys.argv[2:]:
            importlib.import_module(name)
    except BaseException as exc:  # noqa: BLE001 - reported; the init will fail too
        send_msg(proto_out, _error_reply("import", exc))
    else:
        send_msg(proto_out, {"ok": True, "preload_ns": time.perf_counter_ns() - t0})
    worker = Worker()
    handlers = {"init": worker.init, "warmup": worker.warmup, "sample": worker.sample}
    while True:
        try:
            msg = recv_msg(proto_in)
        except EOFError:
            return
        if msg["cmd"] == "quit":
            return
        send_msg(proto_out, handlers[msg["cmd"]](msg))


if __name__ == "__main__":
    main()
