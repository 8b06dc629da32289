#!/bin/sh
# Runs tests/fake_kiln.py (see there) with the Python that has the headers.
here=$(dirname "$0")
exec "${PYTHON:-$here/../.venv/bin/python}" "$here/fake_kiln.py" "$@"
