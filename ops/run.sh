#!/usr/bin/env bash
# Runs the Pingfang district on one machine.
#   ops/run.sh              embedded default: no database, the demo district on its unified grid, state is NOT durable
#   ops/run.sh --postgres   durable: local PostgreSQL 15 + PostGIS (installed from Debian's packages if missing);
#                           a database without a unified grid gets the demo's, consolidated and stored once
# Environment: HANAN_PORT (HTTP, default 5080), HANAN_PG_PASSWORD, and any Hanan__* setting (see docs/operations.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
root="$(ops_root)"
cd "$root"

mode=Embedded
case "${1:-}" in
  "") ;;
  --postgres) mode=PostgreSql ;;
  -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
  *) die "unknown option '$1' (try --help)" ;;
esac

port="${HANAN_PORT:-5080}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export Hanan__Storage__Mode="$mode"
# The demo's 152 cameras see simulated traffic (planted cloned plates, companions, fence and watchlist hits).
export Hanan__Cameras__Simulator__Enabled="${Hanan__Cameras__Simulator__Enabled:-true}"
if [ "$mode" = PostgreSql ]; then
  postgres_ensure
  export Hanan__Storage__ConnectionString="${HANAN_PG_ADMIN};Database=${HANAN_DB:-hanan}"
  # The unified grid (一格多用): the stored one, or the demo's three departmental layers consolidated and stored once.
  export Hanan__District__Grids="${Hanan__District__Grids:-DemoUnified}"
fi

log "building (Release)"
dotnet build src/Hanan.Ops.Host/Hanan.Ops.Host.csproj -c Release -nologo -v quiet >/dev/null
if [ "$mode" = PostgreSql ]; then
  log "creating the database if missing and applying the schema (migrate)"
  dotnet run --project src/Hanan.Ops.Host/Hanan.Ops.Host.csproj -c Release --no-build --no-launch-profile -- migrate
fi

# Sessions survive a restart of the demo host: one signing key, generated once, kept out of git.
demo_signing_key_ensure "$root"
if [ "$mode" = PostgreSql ]; then
  demo_audit_key_ensure "$root"
fi

base="http://127.0.0.1:${port}"
cat >&2 <<TXT

  Hanan Ops — 平房区智慧城区运营中心 ($mode)
    District map   $base/
    Sign in        $base/signin.html   (demo password: pingfang-demo)
    API reference  $base/api-reference
    OpenAPI        $base/openapi/v1.json
    Health         $base/health/ready
    Metrics        $base/metrics

TXT
exec dotnet run --project src/Hanan.Ops.Host/Hanan.Ops.Host.csproj -c Release --no-build --no-launch-profile --urls "$base"
