#!/usr/bin/env bash
# Run a command with DATABASE_URL pointing at a throwaway PostgreSQL cluster built from the machine's
# PostgreSQL binaries (/usr/lib/postgresql/*/bin), removed afterwards.
#
# PostgreSQL refuses to run as root: as root, the cluster is created and started as the `postgres`
# user. Missing binaries are a skip with a message, except under CI (CI=true), where they fail.
# If DATABASE_URL already names a PostgreSQL server, the command runs against it unchanged.
set -euo pipefail

if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  exec "$@"
fi

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  msg="PostgreSQL binaries not found under /usr/lib/postgresql/*/bin (apt-get install -y postgresql)"
  if [ "${CI:-}" = "true" ]; then
    echo "FAIL: $msg" >&2
    exit 1
  fi
  echo "SKIP: $msg — the PostgreSQL run did not happen"
  exit 0
fi

DIR=$(mktemp -d /tmp/renda-pg.XXXXXX)
PORT=${RENDA_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}

as_pg() {
  if [ "$(id -u)" = "0" ]; then
    su postgres -s /bin/bash -c "$1"
  else
    bash -c "$1"
  fi
}

if [ "$(id -u)" = "0" ]; then
  chown postgres: "$DIR"
fi

cleanup() {
  as_pg "'$PGBIN/pg_ctl' -D '$DIR/data' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT

as_pg "'$PGBIN/initdb' -D '$DIR/data' -U postgres -A trust -E UTF8 --no-locale" >/dev/null
as_pg "'$PGBIN/pg_ctl' -D '$DIR/data' -l '$DIR/server.log' -w -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start" >/dev/null
as_pg "'$PGBIN/psql' -h 127.0.0.1 -p $PORT -U postgres -qc \"CREATE ROLE renda LOGIN SUPERUSER PASSWORD 'renda'\" -c 'CREATE DATABASE renda OWNER renda'" >/dev/null
echo "throwaway PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"

export DATABASE_URL="postgres://renda:renda@127.0.0.1:$PORT/renda"
"$@"
