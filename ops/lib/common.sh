# Shared helpers for the ops scripts. Sourced, not run.
# shellcheck shell=bash

ops_root() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }

log() { printf '\033[1;34m[hanan]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[hanan] %s\033[0m\n' "$*" >&2; exit 1; }

# Run a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Install Debian packages that are missing; one apt-get update per run at most.
apt_ensure() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# A local PostgreSQL 15 with PostGIS, listening on 127.0.0.1:5432, password auth for the postgres user.
# Prints nothing; exports HANAN_PG_ADMIN (an admin connection string).
postgres_ensure() {
  local password="${HANAN_PG_PASSWORD:-postgres}"
  apt_ensure postgresql postgresql-15-postgis-3
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "15 main"; then
    log "creating the PostgreSQL 15 cluster 'main'"
    as_root pg_createcluster 15 main >/dev/null
  fi
  if ! pg_lsclusters -h | awk '$1=="15" && $2=="main" {print $4}' | grep -qx online; then
    log "starting PostgreSQL 15"
    as_root pg_ctlcluster 15 main start
  fi
  local i
  for i in $(seq 1 30); do
    as_root su postgres -c "pg_isready -q -h 127.0.0.1 -p 5432" && break
    sleep 1
  done
  as_root su postgres -c "psql -q -v ON_ERROR_STOP=1 -c \"ALTER USER postgres PASSWORD '${password}'\"" >/dev/null
  export HANAN_PG_ADMIN="Host=127.0.0.1;Port=5432;Username=postgres;Password=${password}"
}

# A secret file under .hanan/ (directory 700, file 600), generated once by the given command and kept across runs.
secret_file_ensure() {
  local file="$1" what="$2"; shift 2
  if [ ! -s "$file" ]; then
    log "generating the ${what} ($file)"
    mkdir -p "$(dirname "$file")"
    chmod 700 "$(dirname "$file")"
    (umask 077; "$@" > "$file")
  fi
  chmod 600 "$file"
}

# The demo's token signing key, shared by every host the scripts start, so sessions survive restarts and work on
# every host of a cluster. A key already in the environment (Hanan__Security__SigningKey) wins.
demo_signing_key_ensure() {
  local root="$1"
  [ -n "${Hanan__Security__SigningKey:-}" ] && return 0
  secret_file_ensure "$root/.hanan/dev-signing-key" "demo signing key" sh -c 'head -c 32 /dev/urandom | base64 -w0'
  export Hanan__Security__SigningKey="$(cat "$root/.hanan/dev-signing-key")"
}

# The durable demo keys its audit log with a key the database does not hold and anchors the log's head to a
# directory beside it. Settings already in the environment win.
demo_audit_key_ensure() {
  local root="$1"
  [ -n "${Hanan__Audit__KeyFile:-}${Hanan__Audit__CurrentKeyId:-}" ] && return 0
  secret_file_ensure "$root/.hanan/audit.keys" "demo audit key" sh -c 'printf "demo1 %s\n" "$(head -c 32 /dev/urandom | base64 -w0)"'
  export Hanan__Audit__KeyFile="$root/.hanan/audit.keys"
  export Hanan__Audit__AnchorPath="${Hanan__Audit__AnchorPath:-$root/.hanan/anchors/}"
}
