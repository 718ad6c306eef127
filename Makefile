# bordercoop — the project's verbs. `make run` and `make test` work on a fresh machine with only
# Python 3.11+ (and gettext's msgfmt): they create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
PIP_INSTALL := $(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt

.PHONY: serve tools run test lint format messages compilemessages migrate migrations-check demo install install-test clean lock

run: install compilemessages migrate demo  ## install, migrate, load the demo, serve on HOST:PORT
	$(MANAGE) runserver $(HOST):$(PORT)

test: install-test compilemessages tools  ## the whole suite (DATABASE_URL picks the database)
	$(BIN)/pytest

# Production: gunicorn with production settings. DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS must
# be set (the app refuses to start otherwise); WEB_CONCURRENCY workers (default 2 per core + 1).
WEB_CONCURRENCY ?= $(shell echo $$(( $$(nproc) * 2 + 1 )))
serve: install compilemessages  ## migrate, collect static files, serve with gunicorn on HOST:PORT
	DJANGO_DEBUG=0 $(MANAGE) migrate --no-input
	DJANGO_DEBUG=0 $(MANAGE) collectstatic --no-input -v 0
	DJANGO_DEBUG=0 $(BIN)/gunicorn bordercoop.wsgi:application --bind $(HOST):$(PORT) \
	  --workers $(WEB_CONCURRENCY) --access-logfile - --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

lint: install-test  ## ruff: lint and formatting
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The Nu HTML Checker, for the HTML validity tests: the jar of the npm package vnu-jar (run
# with Java). Without npm the tests that need it are skipped (and fail in CI).
VNU_VERSION := 26.9.27
VNU_JAR := var/tools/vnu.jar

tools: $(VNU_JAR)

$(VNU_JAR):
	@mkdir -p var/tools
	@if command -v npm >/dev/null 2>&1; then \
	  tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent vnu-jar@$(VNU_VERSION) >/dev/null && \
	    tar xzf vnu-jar-$(VNU_VERSION).tgz) && cp $$tmp/package/build/dist/vnu.jar $@ && \
	    rm -rf $$tmp; \
	else echo "npm not found: the HTML validity tests will be skipped"; fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP_INSTALL) -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP_INSTALL) -e ".[test]"
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

compilemessages: install
	$(MANAGE) compilemessages --ignore=.venv -v 0

messages: install  ## refresh locale/ru/LC_MESSAGES/django.po and djangojs.po from the code, templates and scripts
	$(MANAGE) makemessages -l ru --ignore=.venv --ignore=var --ignore=staticfiles --ignore=tests --ignore=bench --no-obsolete
	$(MANAGE) makemessages -d djangojs -l ru --ignore=.venv --ignore=var --ignore=staticfiles --ignore=tests --ignore=bench --ignore=static/vendor --no-obsolete

migrate: install
	$(MANAGE) migrate --no-input

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

demo: install
	$(MANAGE) load_demo

clean:
	rm -rf $(VENV) staticfiles test-output

lock: install-test  ## re-pin constraints.txt to what is installed now
	@{ echo "# Versions tested together (pip freeze of a full dev install). Used as pip constraints by"; \
	   echo "# the Makefile so a fresh install gets exactly these; update with \`make lock\`."; \
	   $(BIN)/pip freeze --exclude-editable | grep -vi '^bordercoop'; } > constraints.txt

# Performance benchmark and load/fault test (bench/; results in bench/RESULTS.md). They need
# PostgreSQL and Redis on 127.0.0.1 and wrk. bench drops and re-creates bordercoop_bench;
# load-faults reuses it when bench has filled it. load-faults restarts the PostgreSQL cluster
# and shuts down the Redis on 6379: never on a server that holds data.
.PHONY: bench load-faults
bench: install compilemessages
	bash bench/run.sh

load-faults: install compilemessages
	bash bench/load_faults.sh
