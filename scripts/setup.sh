#!/usr/bin/env bash
# Installs everything Masthead needs on a fresh machine; safe to run again (it skips what is done).
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  for candidate in python3.13 python3.12 /root/.pyenv/versions/3.13*/bin/python3.13 /root/.pyenv/versions/3.12*/bin/python3.12 /usr/local/bin/python3.1[23] python3; do
    for path in $candidate; do
      if command -v "$path" >/dev/null 2>&1 && "$path" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
        command -v "$path"
        return 0
      fi
    done
  done
  return 1
}

source scripts/apt.sh

if [ ! -x .venv/bin/python ]; then
  PYTHON=$(find_python) || { echo "setup: Masthead needs Python 3.12 or newer (Django 6)." >&2; exit 1; }
  echo "setup: creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(cat pyproject.toml | sha1sum | cut -c1-12)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -m pip install -q -e ".[dev]" 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -c "import wagtail, django, playwright" # fail here if the install did not land
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# Front-end assets from the npm registry: the pages' typefaces (copied into static files) and,
# for the tests, axe-core.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  command -v npm >/dev/null || apt_install npm
  npm ci --no-audit --no-fund --silent
fi
fonts=masthead/static/vendor/fonts
mkdir -p "$fonts"
for face in playfair-display-latin-700-normal playfair-display-latin-400-italic \
            source-serif-4-latin-400-normal source-serif-4-latin-400-italic source-serif-4-latin-700-normal \
            libre-franklin-latin-400-normal libre-franklin-latin-700-normal; do
  family=${face%-latin-*}
  cp -u "node_modules/@fontsource/$family/files/$face.woff2" "$fonts/"
done

case "${1:-}" in
  --with-browser) apt_install chromium fonts-dejavu-core nginx-light ;;  # browser and front tests
  --with-bench) apt_install wrk nginx-light ;;  # bench/pages: load generator and reference
esac
