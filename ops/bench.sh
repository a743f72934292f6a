#!/usr/bin/env bash
# Measures durable intake, the claim race, the wall, camera ingest and alerts, memory per grain, and a raw PostgreSQL
# baseline on this machine, then rewrites docs/performance.md and ops/bench/out/results.json.
#   ops/bench.sh            full run: about 10 minutes after the build (bounded at 12)
#   ops/bench.sh --quick    short runs, rough figures: about 3 minutes after the build
#   ops/bench.sh --micro    only the BenchmarkDotNet micro-benchmarks (ops/bench/Hanan.Ops.MicroBench), about
#                           3 minutes; rewrites docs/performance-micro.md
#   ops/bench.sh --group-commit  only the case store's baseline across its group-commit settings (MaxBatch, Linger,
#                           Writers), about 5 minutes; rewrites docs/performance-group-commit.md
#   ops/bench.sh --render   renders ops/bench/out/results.json of the last run again as docs/performance.md (after
#                           a change of the report's text), without measuring
#   --no-cameras            (with a run above) skip the camera ingest and alert runs, over HTTP and over MQTT
#   --no-memory             skip seeding the demo population and the memory measurement
#   --all-residents         activate every resident of the demo district (≈190,000; several minutes more) for the
#                           memory figures, instead of a sample of 30,000 and an extrapolation
# Everything stays on 127.0.0.1: a fresh database on the local PostgreSQL 15 (dropped afterwards), a mosquitto broker
# of the run's own (Debian's package; a temp config, a random port, stopped afterwards) that the host subscribes to for
# Frigate's messages, the host on a random port as its own process, and the load generator (ops/bench/Hanan.Ops.Bench)
# as another.
# Environment: HANAN_PG_PASSWORD (see ops/lib/common.sh), HANAN_BENCH_CLIENTS (closed-loop concurrency, default 32).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
root="$(ops_root)"
cd "$root"

quick=()
skip=()
# Seconds the load generator may take: the earlier phases, the camera runs, the memory measurement.
limit=310
cameras=200
memory=170
all_residents=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=(--quick) ;;
    --micro) exec bash "$root/ops/bench/micro.sh" ;;
    --group-commit) exec bash "$root/ops/bench/group-commit.sh" ;;
    --render)
      dotnet build ops/bench/Hanan.Ops.Bench/Hanan.Ops.Bench.csproj -c Release -nologo -v quiet >/dev/null
      exec dotnet ops/bench/Hanan.Ops.Bench/bin/Release/net10.0/Hanan.Ops.Bench.dll --render \
        --results "$root/ops/bench/out/results.json" --doc "$root/docs/performance.md" ;;
    --no-cameras) skip+=(--no-cameras) ;;
    --no-memory) skip+=(--no-memory) ;;
    --all-residents) all_residents=1 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) die "unknown option '$arg' (try --help)" ;;
  esac
done
[ ${#quick[@]} -eq 0 ] || { limit=75; cameras=90; memory=70; }
[[ " ${skip[*]} " != *" --no-cameras "* ]] || cameras=0
[[ " ${skip[*]} " != *" --no-memory "* ]] || memory=0
if [ "$all_residents" -eq 1 ] && [ "$memory" -ne 0 ]; then
  skip+=(--residents 250000)
  memory=$((memory + 900))
fi
limit=$((limit + cameras + memory))

out="$root/ops/bench/out"
mkdir -p "$out"

log "building (Release)"
dotnet build src/Hanan.Ops.Host/Hanan.Ops.Host.csproj -c Release -nologo -v quiet >/dev/null
dotnet build ops/bench/Hanan.Ops.Bench/Hanan.Ops.Bench.csproj -c Release -nologo -v quiet >/dev/null
[ "$memory" -eq 0 ] || dotnet build src/Hanan.Ops.Cli/Hanan.Ops.Cli.csproj -c Release -nologo -v quiet >/dev/null

postgres_ensure
db="hanan_bench_$(date +%s)_$$"
psql_admin() { PGPASSWORD="${HANAN_PG_PASSWORD:-postgres}" psql -q -X -h 127.0.0.1 -p 5432 -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

# A free TCP port on 127.0.0.1, chosen at random (bounded tries): no socket in any state uses it (a port still in
# TIME_WAIT from an earlier run can refuse a listener), and this run has not picked it already. Sets $picked (no
# subshell, so that the ports picked are remembered).
taken_ports=" "
free_port() {
  local p i
  for i in $(seq 1 50); do
    p=$(shuf -i 20000-59999 -n 1)
    [[ "$taken_ports" == *" $p "* ]] && continue
    ss -Htan "( sport = :$p or dport = :$p )" | grep -q . && continue
    taken_ports+="$p "
    picked="$p"
    return 0
  done
  die "no free port found"
}

host_pid=""
broker_pid=""
broker_dir=""
cleanup() {
  if [ -n "$broker_pid" ] && kill -0 "$broker_pid" 2>/dev/null; then
    log "stopping the broker (pid $broker_pid)"
    kill -TERM "$broker_pid" 2>/dev/null || true
  fi
  [ -z "$broker_dir" ] || rm -rf "$broker_dir"
  if [ -n "$host_pid" ] && kill -0 "$host_pid" 2>/dev/null; then
    log "stopping the host (pid $host_pid)"
    kill -TERM "$host_pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$host_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$host_pid" 2>/dev/null || true
  fi
  log "dropping the database $db"
  psql_admin -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" || true
  # The raw baseline's own database (the generator drops it itself; this is for a run cut short).
  psql_admin -c "DROP DATABASE IF EXISTS \"${db}_raw\" WITH (FORCE)" || true
}
trap cleanup EXIT

log "creating the database $db"
psql_admin -c "CREATE DATABASE \"$db\""

free_port; port="$picked"
# Staging, not Production: the load generator signs its officers in through the development sign-in, which a
# Production host does not offer. Everything else behaves as in Production.
export ASPNETCORE_ENVIRONMENT=Staging
# One address files thousands of appeals a second here: lift the public per-address intake limit for the measurement.
export Hanan__Security__Limits__IntakePerAddressPerMinute=100000000
export Logging__LogLevel__Default=Warning
export Hanan__Storage__Mode=PostgreSql
export Hanan__Storage__ConnectionString="${HANAN_PG_ADMIN};Database=${db}"
export Hanan__Cluster__ClusterId="bench-$$"
free_port; export Hanan__Cluster__SiloPort="$picked"
free_port; export Hanan__Cluster__GatewayPort="$picked"
# Production refuses to start without ID protection keys: fresh random ones for the throw-away database.
export Hanan__Privacy__IdEncryptionKey="${Hanan__Privacy__IdEncryptionKey:-$(head -c 32 /dev/urandom | base64)}"
export Hanan__Privacy__IdLookupKey="${Hanan__Privacy__IdLookupKey:-$(head -c 32 /dev/urandom | base64)}"
host_dll=src/Hanan.Ops.Host/bin/Release/net10.0/Hanan.Ops.Host.dll

log "applying the schema (migrate)"
timeout 120 dotnet "$host_dll" migrate >"$out/migrate.log" 2>&1 || { cat "$out/migrate.log" >&2; die "migrate failed"; }

if [ "$memory" -ne 0 ]; then
  # The memory figures need the whole demo district's population (≈190,000 residents) in the read model. The
  # operator CLI seeds it with binary COPY before the host starts, so that seeding neither competes with the
  # measured phases nor leaves the generated population in the host's memory.
  log "seeding the demo population into PostgreSQL (hanan seed; log: ops/bench/out/seed.log)"
  seed_started=$(date +%s)
  timeout 300 dotnet src/Hanan.Ops.Cli/bin/Release/net10.0/hanan.dll seed >"$out/seed.log" 2>&1 || { tail -n 30 "$out/seed.log" >&2; die "seeding failed"; }
  log "seeded in $(( $(date +%s) - seed_started )) s"
fi

bench=(dotnet ops/bench/Hanan.Ops.Bench/bin/Release/net10.0/Hanan.Ops.Bench.dll --pg "$Hanan__Storage__ConnectionString"
       --clients "${HANAN_BENCH_CLIENTS:-32}" --raw "$out/raw.json" --grain "$out/grain.json" "${quick[@]}" "${skip[@]}")
log "raw PostgreSQL baseline (case store with group commit, then unbatched rows) on ${db}_raw, before the host starts"
rm -f "$out/raw.json"
timeout 150 "${bench[@]}" --raw-only
log "Orleans grain-call ceiling (a silo in the load generator, empty grains), before the host starts"
rm -f "$out/grain.json"
timeout 60 "${bench[@]}" --grain-only --grain "$out/grain.json"

mqtt=()
if [ "$cameras" -ne 0 ]; then
  apt_ensure mosquitto
  broker_dir="$(mktemp -d)"
  free_port; broker_port="$picked"
  broker_password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  # mosquitto started as root runs as the user mosquitto: it must be able to read its folder.
  chmod 755 "$broker_dir"
  touch "$broker_dir/passwd"
  chmod 644 "$broker_dir/passwd"
  mosquitto_passwd -b "$broker_dir/passwd" hanan "$broker_password"
  mosquitto_passwd -b "$broker_dir/passwd" frigate "$broker_password"
  # The broker keeps what the host has not taken yet: no cap on the queue, none on messages in flight (the host's
  # receive maximum bounds those).
  cat >"$broker_dir/mosquitto.conf" <<EOF
listener $broker_port 127.0.0.1
allow_anonymous false
password_file $broker_dir/passwd
persistence false
max_inflight_messages 0
max_queued_messages 0
log_dest stdout
EOF
  log "starting mosquitto on 127.0.0.1:$broker_port (log: ops/bench/out/mosquitto.log)"
  /usr/sbin/mosquitto -c "$broker_dir/mosquitto.conf" >"$out/mosquitto.log" 2>&1 &
  broker_pid=$!
  for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$broker_port") 2>/dev/null && break; sleep 0.1; done
  kill -0 "$broker_pid" 2>/dev/null || { cat "$out/mosquitto.log" >&2; die "mosquitto did not start"; }
  export Hanan__Frigate__Mqtt__Host=127.0.0.1
  export Hanan__Frigate__Mqtt__Port="$broker_port"
  export Hanan__Frigate__Mqtt__Username=hanan
  export Hanan__Frigate__Mqtt__Password="$broker_password"
  export Hanan__Frigate__Mqtt__ClientId="hanan-bench-$$"
  mqtt=(--mqtt "127.0.0.1:$broker_port" --mqtt-user frigate --mqtt-password "$broker_password")
fi

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
# The host's pid lets the generator read its resident set (/proc) and induce full GCs through its diagnostics port.
timeout "$limit" "${bench[@]}" --url "$base" --host-pid "$host_pid" --results "$out/results.json" --doc "$root/docs/performance.md" "${mqtt[@]}"
log "done: docs/performance.md, ops/bench/out/results.json"
