#!/usr/bin/env bash
# Property-based API testing: schemathesis against the web app's own OpenAPI schema, on a store
# of the fictional demo corpus. Checks: no server error, every response matches the schema.
#   pip install -c constraints.txt -e ".[fuzz,web]"; bash bench/api_fuzz.sh [MAX_EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap '[ -n "${server:-}" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
.venv/bin/python -m crosswire analyze examples/fictional-demo --db "$work/demo.db" >/dev/null 2>&1
port=$((20000 + RANDOM % 20000))
.venv/bin/python -m crosswire serve --db "$work/demo.db" --port "$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/api/status" >/dev/null && break; sleep 0.2; done
.venv/bin/schemathesis run "http://127.0.0.1:$port/api/openapi.json" \
    --checks not_a_server_error,response_schema_conformance --max-examples "${1:-100}" --request-timeout 10
