# `make run`: set up and start the demo. `make test`: set up and run the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)

.PHONY: run test lint format bench setup clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

# The demo turns on what production leaves off: development settings and the emulators.
run: export DEBUG = true
run: export SANDBOX = true
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py setup_schedules
	$(PY) manage.py seed_demo
	$(PY) manage.py rundemo

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

test: $(STAMP) node_modules/axe-core/axe.min.js
	scripts/ensure-chromium.sh
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Every performance goal, printed as tables (docs/benchmarks.md): needs PostgreSQL and Redis on
# 127.0.0.1. `make bench BENCH_QUICK=1` prints every ratio in minutes; the full run is the record.
bench: $(STAMP)
	$(PY) -m tests.bench

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles
