#!/usr/bin/env bash
# Sets up and runs the whole test suite: on SQLite, then on PostgreSQL when one answers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-browser
PY=.venv/bin/python
export PYTHONDONTWRITEBYTECODE=1

echo "== lint"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== production settings pass Django's deployment checks"
# Against an empty database of its own: the demo's sites (port 8000) are not production's.
check_dir=$(mktemp -d)
trap 'rm -rf "$check_dir"' EXIT
SECRET_KEY=check-deploy-only-$(date +%s)-not-a-real-secret-0123456789abcdefghijklmnop \
  DJANGO_SETTINGS_MODULE=masthead.settings.production MASTHEAD_VAR_DIR="$check_dir" \
  DATABASE_URL="sqlite:///$check_dir/check.sqlite3" $PY manage.py check --deploy --fail-level WARNING
echo "== migrations match the models"
DJANGO_SETTINGS_MODULE=masthead.settings.test $PY manage.py makemigrations --check --dry-run >/dev/null

if [ -n "${DATABASE_URL:-}" ]; then
  echo "== tests on $DATABASE_URL"
  $PY -m pytest "$@"
  exit 0
fi

echo "== tests on SQLite"
DATABASE_URL= $PY -m pytest "$@"

PG_URL=${POSTGRES_TEST_URL:-postgres://postgres@127.0.0.1:5432/test}
if $PY - "$PG_URL" <<'PYCODE' 2>/dev/null; then
import sys, psycopg
psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), connect_timeout=3).close()
PYCODE
  echo "== system checks on PostgreSQL"
  DATABASE_URL=$PG_URL DJANGO_SETTINGS_MODULE=masthead.settings.dev $PY manage.py check --fail-level WARNING
  echo "== tests on PostgreSQL ($PG_URL)"
  DATABASE_URL=$PG_URL $PY -m pytest "$@"
else
  echo "== PostgreSQL does not answer at $PG_URL: skipped the PostgreSQL run"
fi
