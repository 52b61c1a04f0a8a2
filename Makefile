# `make run`: set up and start the demo. `make test`: set up and run the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)

.PHONY: run test lint format bench setup clean messages compile

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
run: $(STAMP) compile
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py setup_schedules
	$(PY) manage.py seed_demo
	$(PY) manage.py rundemo

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

test: $(STAMP) node_modules/axe-core/axe.min.js compile
	scripts/ensure-chromium.sh
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Translations (README, "Languages"). The templates' and config's strings are in locale/; each
# app keeps its own in <app>/locale (`django-admin makemessages -l es` inside the app). The
# compiled .mo files are build output, made by `compile` (GNU gettext's msgfmt).
PROJECT_MESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=sandbox \
	--ignore=staticfiles --ignore=tests --ignore=docs --ignore=specs --ignore=scripts \
	--ignore='integrations/*.*' --ignore='syncengine/*.*' --ignore='automations/*.*' \
	--ignore='operations/*.*'

messages: $(STAMP)
	scripts/ensure-gettext.sh
	$(VENV)/bin/django-admin makemessages -l es --add-location file --no-obsolete \
		$(PROJECT_MESSAGES_IGNORE)

compile: $(STAMP)
	scripts/ensure-gettext.sh
	$(VENV)/bin/django-admin compilemessages --ignore=.venv --ignore=node_modules

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Every performance goal, printed as tables (docs/benchmarks.md): needs PostgreSQL and Redis on
# 127.0.0.1. `make bench BENCH_QUICK=1` prints every ratio in minutes; the full run is the record.
bench: $(STAMP)
	$(PY) -m tests.bench

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles
	find . -path ./.venv -prune -o -path ./node_modules -prune -o -name '*.mo' -print -delete
