#!/usr/bin/env bash
# Measures durable intake, the claim race and a raw PostgreSQL baseline on this machine, then rewrites
# docs/performance.md and ops/bench/out/results.json.
#   ops/bench.sh            full run: about 4 minutes after the build (bounded at 6)
#   ops/bench.sh --quick    short runs, rough figures: under 2 minutes after the build
#   ops/bench.sh --micro    only the BenchmarkDotNet micro-benchmarks (ops/bench/Hanan.Ops.MicroBench), about
#                           3 minutes; rewrites docs/performance-micro.md
# Everything stays on 127.0.0.1: a fresh database on the local PostgreSQL 15 (dropped afterwards), the host on a
# random port as its own process, and the load generator (ops/bench/Hanan.Ops.Bench) as another.
# Environment: HANAN_PG_PASSWORD (see ops/lib/common.sh), HANAN_BENCH_CLIENTS (closed-loop concurrency, default 32).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
root="$(ops_root)"
cd "$root"

quick=()
limit=260
case "${1:-}" in
  "") ;;
  --quick) quick=(--quick); limit=75 ;;
  --micro) exec bash "$root/ops/bench/micro.sh" ;;
  -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
  *) die "unknown option '$1' (try --help)" ;;
esac

out="$root/ops/bench/out"
mkdir -p "$out"

log "building (Release)"
dotnet build src/Hanan.Ops.Host/Hanan.Ops.Host.csproj -c Release -nologo -v quiet >/dev/null
dotnet build ops/bench/Hanan.Ops.Bench/Hanan.Ops.Bench.csproj -c Release -nologo -v quiet >/dev/null

postgres_ensure
db="hanan_bench_$(date +%s)_$$"
psql_admin() { PGPASSWORD="${HANAN_PG_PASSWORD:-postgres}" psql -q -X -h 127.0.0.1 -p 5432 -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

# A free TCP port on 127.0.0.1, chosen at random (bounded tries).
free_port() {
  local p i
  for i in $(seq 1 50); do
    p=$(shuf -i 20000-59999 -n 1)
    ss -Htln "sport = :$p" | grep -q . || { echo "$p"; return 0; }
  done
  die "no free port found"
}

host_pid=""
cleanup() {
  if [ -n "$host_pid" ] && kill -0 "$host_pid" 2>/dev/null; then
    log "stopping the host (pid $host_pid)"
    kill -TERM "$host_pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$host_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$host_pid" 2>/dev/null || true
  fi
  log "dropping the database $db"
  psql_admin -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" || true
}
trap cleanup EXIT

log "creating the database $db"
psql_admin -c "CREATE DATABASE \"$db\""

port="$(free_port)"
export ASPNETCORE_ENVIRONMENT=Production
export Logging__LogLevel__Default=Warning
export Hanan__Storage__Mode=PostgreSql
export Hanan__Storage__ConnectionString="${HANAN_PG_ADMIN};Database=${db}"
export Hanan__Cluster__ClusterId="bench-$$"
export Hanan__Cluster__SiloPort="$(free_port)"
export Hanan__Cluster__GatewayPort="$(free_port)"
host_dll=src/Hanan.Ops.Host/bin/Release/net10.0/Hanan.Ops.Host.dll

log "applying the schema (migrate)"
timeout 120 dotnet "$host_dll" migrate >"$out/migrate.log" 2>&1 || { cat "$out/migrate.log" >&2; die "migrate failed"; }

bench=(dotnet ops/bench/Hanan.Ops.Bench/bin/Release/net10.0/Hanan.Ops.Bench.dll --pg "$Hanan__Storage__ConnectionString"
       --clients "${HANAN_BENCH_CLIENTS:-32}" --raw "$out/raw.json" --grain "$out/grain.json" "${quick[@]}")
log "raw PostgreSQL baseline, before the host starts"
rm -f "$out/raw.json"
timeout 60 "${bench[@]}" --raw-only
log "Orleans grain-call ceiling (a silo in the load generator, empty grains), before the host starts"
rm -f "$out/grain.json"
timeout 60 "${bench[@]}" --grain-only --grain "$out/grain.json"

base="http://127.0.0.1:${port}"
log "starting the host at $base (log: ops/bench/out/host.log)"
dotnet "$host_dll" --urls "$base" >"$out/host.log" 2>&1 &
host_pid=$!

ready=""
for _ in $(seq 1 120); do
  kill -0 "$host_pid" 2>/dev/null || { tail -n 30 "$out/host.log" >&2; die "the host exited during start-up"; }
  if curl -fsS -o /dev/null --max-time 2 "$base/health/ready"; then ready=1; break; fi
  sleep 0.5
done
[ -n "$ready" ] || { tail -n 30 "$out/host.log" >&2; die "the host was not ready within 60 s"; }

log "running the load generator (bounded at ${limit} s)"
timeout "$limit" "${bench[@]}" --url "$base" --results "$out/results.json" --doc "$root/docs/performance.md"
log "done: docs/performance.md, ops/bench/out/results.json"
