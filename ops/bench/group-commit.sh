#!/usr/bin/env bash
# The case store's group commit, measured across its settings: the raw case-store baseline of ops/bench.sh (32 callers
# committing a filing's rows through PostgresCaseStore, no host) once per setting of Hanan:CaseStore (MaxBatch,
# Linger, Writers), each on a throw-away database; rewrites docs/performance-group-commit.md. Called by
# ops/bench.sh --group-commit; about 5 minutes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
root="$(ops_root)"
cd "$root"

out="$root/ops/bench/out/group-commit"
rm -rf "$out"
mkdir -p "$out"

log "building the load generator (Release)"
dotnet build ops/bench/Hanan.Ops.Bench/Hanan.Ops.Bench.csproj -c Release -nologo -v quiet >/dev/null
postgres_ensure
clients="${HANAN_BENCH_CLIENTS:-32}"
db="hanan_gc_$(date +%s)_$$"
trap 'PGPASSWORD="${HANAN_PG_PASSWORD:-postgres}" psql -q -X -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS \"${db}_raw\" WITH (FORCE)" >/dev/null 2>&1 || true' EXIT

# MaxBatch Linger Writers: no coalescing at all first (one change per transaction), then the default, then one change
# of one knob each.
settings=(
  "1 00:00:00 2"
  "64 00:00:00 2"
  "16 00:00:00 2"
  "256 00:00:00 2"
  "64 00:00:00.002 2"
  "64 00:00:00 1"
  "64 00:00:00 4"
)
field() { sed -n "/\"caseStore\"/,/\"unbatched\"/p" "$1" | grep -o "\"$2\": *[0-9.]*" | head -1 | sed 's/.*: *//'; }
p() { sed -n "/\"caseStore\"/,/\"unbatched\"/p" "$1" | sed -n '/"appealMs"/,/}/p' | grep -o "\"$2\": *[0-9.]*" | head -1 | sed 's/.*: *//'; }

rows=()
for s in "${settings[@]}"; do
  read -r batch linger writers <<<"$s"
  log "case store: MaxBatch $batch, Linger $linger, Writers $writers"
  json="$out/raw-$batch-${linger//[:.]/}-$writers.json"
  Hanan__CaseStore__MaxBatch="$batch" Hanan__CaseStore__Linger="$linger" Hanan__CaseStore__Writers="$writers" \
    timeout 150 dotnet ops/bench/Hanan.Ops.Bench/bin/Release/net10.0/Hanan.Ops.Bench.dll \
      --pg "${HANAN_PG_ADMIN};Database=${db}" --clients "$clients" --raw "$json" --raw-only >"$out/run.log" 2>&1 \
    || { tail -n 20 "$out/run.log" >&2; die "the baseline failed for MaxBatch $batch, Linger $linger, Writers $writers"; }
  rows+=("| $batch | $linger | $writers | $(field "$json" appealsPerSecond) | $(field "$json" meanBatch) | $(p "$json" p50) | $(p "$json" p95) | $(p "$json" p99) | $(p "$json" max) |")
done

doc="$root/docs/performance-group-commit.md"
{
  echo "# Group commit of the case store"
  echo
  echo "Written by \`ops/bench.sh --group-commit\` on $(date -u +'%Y-%m-%d %H:%M') UTC. Machine: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1),"
  echo "$(nproc) logical CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), PostgreSQL on the same machine."
  echo
  echo "Each row is the raw case-store baseline of [performance.md](performance.md): $clients callers in one process, each"
  echo "committing one filing after the other (closed loop, 20 s after a warm-up) through \`PostgresCaseStore\`, no host. A filing's"
  echo "commit writes its case record (2 KB state), its list row, 2 deadlines, 1 activity row and 1 audit record. Only the"
  echo "\`Hanan:CaseStore\` settings change between rows, each run on a fresh database. *Mean batch* is changes per transaction;"
  echo "latency (ms) runs from \`CommitAsync\` to durable. One run per setting: differences of a few per cent are noise here."
  echo
  echo "| MaxBatch | Linger | Writers | Filings/s | Mean batch | p50 | p95 | p99 | max |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} >"$doc"
log "done: $doc"
