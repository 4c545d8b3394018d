# Renda — the two set-up commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP_QUIET := -q --disable-pip-version-check
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.local

.PHONY: venv assets messages migrate demo-data demo serve test lint typecheck test-sqlite test-postgres test-browser model bench clean

venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml setup.py renda/textmining/lib/_kernels.pyx  # the kernels are compiled at install
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install $(PIP_QUIET) --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
	$(PY) -m pip install $(PIP_QUIET) -e ".[postgres,dev]" 2>&1 | grep -v "^WARNING: Location" || true
	$(PY) -c "import django, rest_framework, rules, axes, playwright, psycopg, schemathesis, renda.textmining.lib._kernels" # fail here if the install failed
	touch $@

assets: node_modules/.installed
node_modules/.installed: package.json package-lock.json scripts/vendor_assets.py
	npm ci --no-audit --no-fund --loglevel=error
	python3 scripts/vendor_assets.py
	touch $@

messages: venv
	$(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules

migrate: venv assets messages
	$(PY) manage.py migrate -v0
	$(PY) manage.py createcachetable  # the shared cache (rate limits); the test runner makes its own

demo-data: migrate
	$(PY) manage.py demo

demo: demo-data
	DJANGO_DEBUG=false $(PY) manage.py collectstatic --noinput -v0
	@echo "Serving Renda on http://127.0.0.1:$(PORT)/ with the task worker (Ctrl-C stops both)"
	DJANGO_DEBUG=false PORT=$(PORT) VENV=$(VENV) scripts/serve_demo.sh

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: venv
	$(VENV)/bin/mypy .

test-sqlite: venv assets messages
	@echo "== pytest on SQLite =="
	DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL= $(VENV)/bin/pytest -m "not e2e" -q -p no:cacheprovider --junitxml=artifacts/junit-sqlite.xml

test-postgres: venv assets messages
	@echo "== pytest on PostgreSQL (throwaway cluster) =="
	DJANGO_SETTINGS_MODULE=config.settings.test scripts/with_postgres.sh $(VENV)/bin/pytest -m "not e2e" -q -p no:cacheprovider --junitxml=artifacts/junit-postgres.xml

test-browser: venv assets messages
	@echo "== browser tests (Playwright + /usr/bin/chromium) =="
	DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL= $(VENV)/bin/pytest -m e2e -q -p no:cacheprovider --junitxml=artifacts/junit-browser.xml

test: lint typecheck test-sqlite test-postgres test-browser
	@$(PY) scripts/test_summary.py artifacts/junit-sqlite.xml artifacts/junit-postgres.xml artifacts/junit-browser.xml

# Benchmarks (heavy; run on a quiet machine). Each script prints its figures and writes
# docs/benchmarks/<area>.md with the machine and the date; see docs/benchmarks.md. The throwaway
# PostgreSQL cluster runs with fsync off: set DATABASE_URL to a real server for durable-commit figures.
bench: venv assets model
	# the page benchmarks render with DEBUG off, i.e. with the manifest static storage: collect the files first
	DJANGO_DEBUG=false $(PY) manage.py collectstatic --noinput -v0
	# every benchmark, timed step by step; writes docs/benchmarks/make-bench.md (steps listed in bench/all.py)
	$(PY) bench/all.py

clean:
	rm -rf var/static artifacts

# --- liaison / text intelligence: the shipped topic model (fixed seeds: two trainings give identical predictions) ---
RENDA_DATA_DIR ?= ../shared/data
model: var/models/topic.joblib
var/models/topic.joblib: $(RENDA_DATA_DIR)/messages_labeled.csv $(VENV)/.installed renda/textmining/lib/classify.py renda/textmining/lib/features.py renda/textmining/lib/segment.py renda/textmining/lib/clean.py
	$(PY) manage.py textmining train --data $(RENDA_DATA_DIR)/messages_labeled.csv --out $@
ifneq ($(wildcard $(RENDA_DATA_DIR)/messages_labeled.csv),)
demo-data: model  # the demo classifies out of the box when the data is there
endif
