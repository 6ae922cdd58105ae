#!/usr/bin/env bash
# Load benchmark of the Host's webhook endpoints (issue 8): starts `seamless serve --simulate` on
# loopback with an API key, warms it, then runs wrk from a second process at 50 connections against
# POST /api/alerts, GET /api/health and GET /api/upgrades/{id}; prints requests/s and p99; stops the host.
# Usage: bench/Load/run.sh [duration-seconds=20] [connections=50] [threads=2]
set -euo pipefail

DURATION="${1:-20}"
CONNECTIONS="${2:-50}"
THREADS="${3:-2}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/Load"
PORT="${PORT:-7391}"
BASE="http://127.0.0.1:$PORT"
export SEAMLESS_API_KEY="load-bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export SITE_ID="/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-seamless-demo/providers/Microsoft.Web/sites/app-demo"
DATA="$(mktemp -d /tmp/seamless-load-XXXXXX)"
LOG="$DATA/host.log"

command -v wrk >/dev/null 2>&1 || { echo "wrk not found: run scripts/install-wrk.sh" >&2; exit 1; }

echo "Building the Host (Release)..."
dotnet build -c Release "$ROOT/src/Host/Seamless.Host.csproj" -nologo -v q >/dev/null
DLL="$ROOT/src/Host/bin/Release/net10.0/seamless.dll"

# Per-request logs off: the bench measures the API, not console output.
Seamless__Api__Keys__0="$SEAMLESS_API_KEY" Logging__LogLevel__Default=Warning \
  dotnet "$DLL" serve --simulate --urls "$BASE" --data "$DATA/state" >"$LOG" 2>&1 &
HOST_PID=$!
cleanup() { kill "$HOST_PID" 2>/dev/null || true; wait "$HOST_PID" 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT

for _ in $(seq 1 100); do
  curl -sf "$BASE/api/health" >/dev/null 2>&1 && break
  kill -0 "$HOST_PID" 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.2
done
curl -sf "$BASE/api/health" >/dev/null

# An upgrade to read back (GET /api/upgrades/{id} reads the durable store on every call).
ID=$(curl -sf -X POST "$BASE/api/upgrades" -H "x-functions-key: $SEAMLESS_API_KEY" -H "Content-Type: application/json" \
  -H "Idempotency-Key: load-bench" \
  -d "{\"site\":\"$SITE_ID\",\"sourceSlot\":\"staging\",\"targetSlot\":\"production\",\"version\":\"v2\",\"strategy\":\"swap\"}" \
  | sed -E 's/.*"id":"([^"]+)".*/\1/')
echo "Host pid $HOST_PID on $BASE; upgrade $ID; wrk: $THREADS threads, $CONNECTIONS connections, ${DURATION}s per endpoint"

# Warm-up: JIT, connection pools, SQLite pages.
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s "$HERE/alerts.lua" "$BASE" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -s "$HERE/get.lua" "$BASE/api/health" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -s "$HERE/get.lua" "$BASE/api/upgrades/$ID" >/dev/null

printf '\n| endpoint | requests/s | p50 | p99 | non-2xx | errors |\n|---|---:|---:|---:|---:|---:|\n'
run() {
  local name="$1"; shift
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@")
  local rps p50 p99 non2xx errors
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); non2xx="${non2xx:-0}"
  errors=$(awk '/Socket errors/ {gsub(",",""); print $4+$6+$8+$10}' <<<"$out"); errors="${errors:-0}"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "$non2xx" "$errors"
  [ -n "${VERBOSE:-}" ] && echo "$out" >&2
  return 0
}
run "POST /api/alerts" -s "$HERE/alerts.lua" "$BASE"
run "GET /api/health" -s "$HERE/get.lua" "$BASE/api/health"
run "GET /api/upgrades/{id}" -s "$HERE/get.lua" "$BASE/api/upgrades/$ID"
