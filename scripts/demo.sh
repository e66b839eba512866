#!/usr/bin/env bash
# Install Crosswire into ./.venv and analyse the fictional demo corpus:
# database demo.db, contract JSONL files in out/demo/, the HTML report out/demo/report.html.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -c constraints.txt -e ".[web]"
rm -f demo.db demo.db-wal demo.db-shm
.venv/bin/crosswire analyze examples/fictional-demo --db demo.db --out out/demo --report out/demo/report.html "$@"
echo "Database: demo.db   JSONL: out/demo/   Report: out/demo/report.html"
echo "Next: .venv/bin/crosswire serve --db demo.db   (web app on http://127.0.0.1:8000/)"
