#!/usr/bin/env bash
# Installs and starts what the tests need (PostgreSQL 15 + PostGIS, Chromium, HAProxy, from Debian's packages; mosquitto,
# which the Frigate tests start themselves on a free port), then runs every test in the solution and prints one summary line.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
root="$(ops_root)"
cd "$root"

apt_ensure chromium fonts-noto-cjk haproxy mosquitto
postgres_ensure
export HANAN_TEST_PG="$HANAN_PG_ADMIN"
export HANAN_CHROMIUM="${HANAN_CHROMIUM:-/usr/bin/chromium}"
export HANAN_MOSQUITTO="${HANAN_MOSQUITTO:-/usr/sbin/mosquitto}"

log "building"
dotnet build Hanan.Ops.sln -c Release -nologo -v quiet

log "testing"
out="$(mktemp)"
set +e
dotnet test Hanan.Ops.sln -c Release --no-build -nologo 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
set -e
# One closing line over every test project: "Passed!/Failed! - Failed: F, Passed: P, Skipped: S, Total: T".
awk '/(Passed|Failed)! +- +Failed:/ {
       gsub(",", "");
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$out"
rm -f "$out"
exit "$status"
