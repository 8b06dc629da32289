"""A stand-in for kiln, used only to test the harness end to end.

`python tests/fake_kiln.py mod.py -o build/mod<EXT_SUFFIX>` writes a real
CPython extension module whose `PyInit_mod` executes mod.py's source in the new
module. The harness then loads it exactly as it loads kiln's output (same file
name, same init symbol), so everything but the compiler itself is exercised:

    KILN="$PWD/tests/fake_kiln.sh" .venv/bin/python -m pytest tests/test_cases.py

must pass except for the strict xfails (which then XPASS). Needs `cc` and the
Python headers.
"""

import os
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

C_TEMPLATE = """\
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static const char SOURCE[] = {%(bytes)s, 0};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "%(name)s", NULL, -1, NULL};

PyMODINIT_FUNC PyInit_%(name)s(void) {
    PyObject *m = PyModule_Create(&def);
    if (m == NULL) return NULL;
    PyObject *d = PyModule_GetDict(m);
    if (PyDict_SetItemString(d, "__builtins__", PyEval_GetBuiltins()) < 0) goto fail;
    PyObject *code = Py_CompileString(SOURCE, "%(path)s", Py_file_input);
    if (code == NULL) goto fail;
    PyObject *r = PyEval_EvalCode(code, d, d);
    Py_DECREF(code);
    if (r == NULL) goto fail;
    Py_DECREF(r);
    return m;
fail:
    Py_DECREF(m);
    return NULL;
}
"""


def main(argv):
    if len(argv) < 3 or argv[1] != "-o":
        print("usage: fake_kiln.py mod.py -o out.so", file=sys.stderr)
        return 2
    src, out = Path(argv[0]), Path(argv[2])
    name = src.stem
    data = src.read_bytes()
    c = C_TEMPLATE % {
        "bytes": ", ".join(str(b) for b in data),
        "name": name,
        "path": str(src).replace("\\", "\\\\").replace('"', '\\"'),
    }
    include = sysconfig.get_paths()["include"]
    with tempfile.TemporaryDirectory() as tmp:
        cfile = Path(tmp) / f"{name}.c"
        cfile.write_text(c)
        cmd = [os.environ.get("CC", "cc"), "-shared", "-fPIC", "-O0", f"-I{include}", str(cfile), "-o", str(out)]
        return subprocess.run(cmd).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
