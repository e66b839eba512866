#!/usr/bin/env bash
# Install Crosswire into ./.venv and analyse the fictional demo corpus:
# database demo.db, contract JSONL files in out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -c constraints.txt -e .
rm -f demo.db demo.db-wal demo.db-shm
.venv/bin/crosswire analyze examples/fictional-demo --db demo.db --out out/demo "$@"
echo "Database: demo.db   JSONL: out/demo/   Try: .venv/bin/crosswire articles --db demo.db"
