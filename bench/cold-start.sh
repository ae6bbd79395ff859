#!/usr/bin/env bash
# Cold start to /readyz, three runs per engine, on an already seeded database (the first run seeds it and is
# reported separately). Usage: bench/cold-start.sh   (needs PostgreSQL at 127.0.0.1 for the second engine)
set -euo pipefail
cd "$(dirname "$0")/.."
node=./node_modules/.bin/node
port=3444
data=$(mktemp -d)
measure() {
  local label=$1; shift
  local start end
  start=$(date +%s%N)
  env "$@" PORT=$port LOKET_DATA_DIR="$data" LOG_LEVEL=warn "$node" packages/server/src/main.ts --demo >/dev/null 2>&1 &
  local pid=$!
  until curl -sf "localhost:$port/readyz" >/dev/null; do sleep 0.02; done
  end=$(date +%s%N)
  echo "$label: $(( (end - start) / 1000000 )) ms"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
measure "pglite first start (migrate + seed)"
for i in 1 2 3; do measure "pglite run $i"; done
psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists loket_bench" -c "create database loket_bench"
url=postgres://postgres@127.0.0.1/loket_bench
measure "postgres first start (migrate + seed)" DATABASE_URL=$url
for i in 1 2 3; do measure "postgres run $i" DATABASE_URL=$url; done
psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database loket_bench"
rm -rf "$data"
