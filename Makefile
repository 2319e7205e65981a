.PHONY: demo test lint format migrations-check bench setup

demo:          ## set up and start the demo (two publications, worker, scheduler)
	bash scripts/demo.sh

test:          ## set up and run the whole test suite (SQLite, then PostgreSQL if it answers)
	bash scripts/test.sh

setup:
	bash scripts/setup.sh --with-browser

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .

migrations-check:
	DJANGO_SETTINGS_MODULE=masthead.settings.test .venv/bin/python manage.py makemigrations --check --dry-run

bench:         ## page-serving benchmark (needs nginx; installs it)
	bash bench/pages
