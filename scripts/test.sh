#!/usr/bin/env bash
# Install Crosswire with its test, benchmark, Dask and web extras into ./.venv and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -c constraints.txt -e ".[test,bench,dask,web]"
.venv/bin/python -m pytest "$@"
