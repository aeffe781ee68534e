# Sourced by scripts/test.sh and bench/run.sh: installs PostgreSQL from Debian's packages if it is missing,
# starts a throwaway instance on a free loopback port and exports RUNTYPE_TEST_POSTGRES.
# The caller stops it with stop_postgres (both scripts do so in an EXIT trap).

source "$(dirname "${BASH_SOURCE[0]}")/debian.sh"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

start_postgres() {
  if [ -z "$(pg_bin)" ]; then
    echo "Installing PostgreSQL from Debian's packages..."
    apt_install postgresql
  fi
  PGBIN=$(pg_bin)

  local port="" candidate
  for candidate in $(seq 54320 54420); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
  done
  [ -n "$port" ] || { echo "no free port for PostgreSQL" >&2; return 1; }

  PGDIR=$(mktemp -d /tmp/runtype-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres "$PGDIR"
  as_postgres "$PGBIN/initdb" -D "$PGDIR/data" -U runtype --auth=trust -E UTF8 >/dev/null
  # autovacuum_naptime=1s: what docs/storage.md recommends for write-heavy servers (busy conversations' rows
  # are rewritten by every append, see migration 0003); the benchmarks' baselines run on the same server.
  as_postgres "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
    -o "-p $port -k $PGDIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c autovacuum_naptime=1s" start >/dev/null
  export RUNTYPE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=runtype;Database=postgres"
  echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

stop_postgres() {
  if [ -n "${PGDIR:-}" ]; then
    as_postgres "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PGDIR"
  fi
}
