# PostgreSQL from Debian, as a cluster of our own under STACK_DIR (never the system cluster).
# shellcheck shell=bash

pg_bin() { printf '%s' "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"; }
pg_dir() { printf '%s/postgres' "$STACK_DIR"; }

postgres_psql() {
  PGPASSWORD="$POSTGRES_PASSWORD" PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -h "$STACK_HOST" -p "$POSTGRES_PORT" \
    -U "$POSTGRES_USER" -d "$POSTGRES_DB" "$@"
}

# A checkout under a 0700 directory (root's home, `mktemp -d`) is out of the postgres user's
# reach. Grant that user alone the right to pass through each such ancestor (an ACL, no listing,
# nobody else), and say so, rather than fail or open the directory to everyone.
pg_grant_traverse() {
  local d=$1
  runuser -u postgres -- test -x "$d" 2>/dev/null && return 0
  while [ "$d" != / ]; do
    d=$(dirname "$d")
    if ! runuser -u postgres -- test -x "$d" 2>/dev/null; then
      setfacl -m u:postgres:x "$d" || { fail "the postgres user cannot reach $STACK_DIR (no search permission on $d)"; return 1; }
      info "granted the postgres user search permission on $d (ACL u:postgres:x), to reach $STACK_DIR"
    fi
  done
  runuser -u postgres -- test -x "$1" || { fail "the postgres user still cannot reach $1"; return 1; }
}

postgres_start() {
  local name=postgres dir bin; dir=$(pg_dir); bin=$(pg_bin)
  if running_pid "$name" >/dev/null; then info "$name already running"; return 0; fi
  require_free_port "$name" "$POSTGRES_PORT" || return 1
  mkdir -p "$dir/run"
  # The server runs as the postgres user, which must be able to reach its directory.
  chmod a+x "$STACK_DIR"
  pg_grant_traverse "$STACK_DIR" || return 1
  chown postgres:postgres "$dir" "$dir/run"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    info "initialising a PostgreSQL cluster in $dir/data"
    local pwfile="$dir/.pwfile"
    printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"; chown postgres "$pwfile"; chmod 600 "$pwfile"
    runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U "$POSTGRES_USER" --pwfile="$pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null \
      || { rm -f "$pwfile"; fail "initdb failed"; return 1; }
    rm -f "$pwfile"
  fi
  # postgres itself (not pg_ctl) so the pid we track is the postmaster and SIGTERM is a smart stop.
  spawn "$name" --as postgres -- "$bin/postgres" -D "$dir/data" -p "$POSTGRES_PORT" \
    -c listen_addresses="$STACK_HOST" -c unix_socket_directories="$dir/run" \
    -c max_connections=200 -c shared_buffers=256MB -c synchronous_commit=on
  wait_ready "$name" "SELECT 1" postgres_psql -c 'SELECT 1' || return 1
  postgres_psql -f "$STACK_SRC/sql/postgres.sql" || { fail "applying stack/sql/postgres.sql failed"; return 1; }
  info "table jobs ready"
}

# SIGINT is PostgreSQL's fast shutdown; SIGTERM (smart) would wait for Connect's connections.
postgres_stop() { STOP_SIGNAL=INT stop_component postgres; }
