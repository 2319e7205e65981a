#!/usr/bin/env bash
# Sets up and starts the demo: web server, background worker and publishing scheduler.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DJANGO_SETTINGS_MODULE=masthead.settings.dev
PORT=${PORT:-8000}
PY=.venv/bin/python
$PY manage.py migrate --noinput -v0
$PY manage.py load_demo --port "$PORT"

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
$PY manage.py db_worker --no-reload >var/worker.log 2>&1 & pids+=($!)
$PY manage.py run_scheduler --interval 15 >var/scheduler.log 2>&1 & pids+=($!)

cat <<MSG

  The Daily Meridian   http://daily.localhost:$PORT/
  The Harbour Courier  http://courier.localhost:$PORT/
  Admin                http://localhost:$PORT/admin/   (login above; also in var/demo-login.txt)

  Worker log: var/worker.log   Scheduler log: var/scheduler.log   Stop with Ctrl-C.

MSG
$PY manage.py runserver "0.0.0.0:$PORT"
