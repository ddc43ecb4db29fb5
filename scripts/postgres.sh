#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store's contract tests, on 127.0.0.1 only.
#
#   bash scripts/postgres.sh install          install Debian's postgresql if missing (needs root)
#   bash scripts/postgres.sh start [urlfile]  start a fresh cluster on a free port; prints
#                                             TRUSTBRIDGE_TEST_PG_URL=… and TRUSTBRIDGE_PG_DATA=… and
#                                             writes the URL to urlfile (default .trustbridge/pg-url)
#   bash scripts/postgres.sh stop <datadir>   stop that cluster and delete its files
#
# initdb and pg_ctl refuse to run as root, so as root the cluster belongs to the `postgres` user.
# Authentication is `trust` on loopback only; the cluster never listens on another address. fsync is
# off unless TRUSTBRIDGE_PG_FSYNC=on (the tests kill clients, not the server).
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "postgres.sh: $*" >&2; exit 1; }

find_bindir() {
  local d
  for d in "${PG_BINDIR:-}" /usr/lib/postgresql/*/bin; do
    [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  return 1
}

install_pg() {
  if find_bindir >/dev/null; then return 0; fi
  if [ "$(id -u)" -ne 0 ]; then
    die "PostgreSQL is not installed and this is not root. Install it (Debian/Ubuntu: sudo apt-get install -y postgresql) or set TRUSTBRIDGE_TEST_PG_URL to an existing database."
  fi
  command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and apt-get is unavailable; set TRUSTBRIDGE_TEST_PG_URL to an existing database."
  echo "postgres.sh: installing Debian's postgresql package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2 || die "apt-get install postgresql failed."
  find_bindir >/dev/null || die "PostgreSQL was installed but initdb/pg_ctl were not found."
}

# Runs a command as the cluster owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    if command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
  else
    "$@"
  fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

start_pg() {
  local urlfile="${1:-.trustbridge/pg-url}"
  install_pg
  local bin; bin="$(find_bindir)"
  if [ "$(id -u)" -eq 0 ]; then id postgres >/dev/null 2>&1 || die "the postgres user does not exist (is the postgresql package installed?)"; fi
  local dir; dir="$(mktemp -d "${TMPDIR:-/tmp}/trustbridge-pg.XXXXXX")"
  chmod 700 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust --auth-local=trust --auth-host=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  # Loopback only: listen on 127.0.0.1, sockets in the private temp dir, trust only 127.0.0.1/32.
  as_owner sh -c "printf '%s\n' 'local all all trust' 'host all all 127.0.0.1/32 trust' > '$dir/data/pg_hba.conf'"
  local port attempt
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=${TRUSTBRIDGE_PG_FSYNC:-off} -c max_connections=200" start >/dev/null 2>&1; then
      break
    fi
    port=""
  done
  [ -n "$port" ] || { cat "$dir/server.log" >&2 2>/dev/null || true; die "the PostgreSQL server did not start"; }
  as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -c "CREATE DATABASE trustbridge" >/dev/null \
    || die "could not create the trustbridge database"
  local url="postgres://postgres@127.0.0.1:$port/trustbridge"
  mkdir -p "$(dirname "$urlfile")"
  printf '%s\n' "$url" >"$urlfile"
  echo "TRUSTBRIDGE_PG_DATA=$dir"
  echo "TRUSTBRIDGE_TEST_PG_URL=$url"
}

stop_pg() {
  local dir="${1:-}"
  [ -n "$dir" ] && [ -d "$dir/data" ] || die "usage: postgres.sh stop <datadir printed by start>"
  local bin; bin="$(find_bindir)"
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  install) install_pg ;;
  start) start_pg "${2:-}" ;;
  stop) stop_pg "${2:-}" ;;
  *) die "usage: postgres.sh install | start [urlfile] | stop <datadir>" ;;
esac
