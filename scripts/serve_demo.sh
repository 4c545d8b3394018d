#!/usr/bin/env bash
# Serve the demo as production runs it: the django-tasks database worker (`renda db_worker`: hot-topic
# recomputation, notifications) and gunicorn + whitenoise, started together and stopped together.
# Ctrl-C (or SIGTERM to this script) stops both gracefully; if either one exits, the other is stopped too.
# Usage (from the checkout; `make demo` calls it): PORT=8000 VENV=.venv scripts/serve_demo.sh
#
# Both run in their own sessions (setsid), so a Ctrl-C reaches only this script, which then sends
# each exactly one graceful stop: SIGTERM to gunicorn, SIGINT to the worker (it finishes the task
# at hand; a second signal would abort it).
set -uo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PORT=${PORT:-8000}

setsid "$VENV/bin/renda" db_worker &
worker=$!
setsid "$VENV/bin/gunicorn" config.wsgi --bind "127.0.0.1:$PORT" --workers 2 --threads 4 --access-logfile - --logger-class renda.core.accesslog.MaskingLogger &
server=$!
echo "serve_demo: gunicorn (pid $server) on http://127.0.0.1:$PORT/, task worker (pid $worker)"

stopped=""
stop_both() {
  [ -n "$stopped" ] && return
  stopped=1
  kill -TERM "$server" 2>/dev/null
  kill -INT "$worker" 2>/dev/null
  wait "$server" "$worker" 2>/dev/null
  echo "serve_demo: gunicorn and the task worker stopped"
}
trap 'stop_both; exit 130' INT
trap 'stop_both; exit 143' TERM
trap stop_both EXIT

wait -n "$server" "$worker"
status=$?
echo "serve_demo: a process ended (status $status); stopping the other" >&2
stop_both
exit "$status"
