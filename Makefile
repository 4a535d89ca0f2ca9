# Ketenzicht: the two commands are `make run` and `make test` (see README.md).
#
# Everything runs from a virtualenv in .venv that this Makefile creates; the
# embedded SQLite database and the Huey queue live under var/.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

PORT ?= 8000
HOST ?= 127.0.0.1
DEMO_PERSONS ?= 20000
DEMO_SEED ?= 1
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="tests/core -x"`.
PYTEST_ARGS ?=
# Root installs system packages directly; anyone else goes through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run reset test test-postgres lint messages bench install system-deps clean-db help

help:
	@echo "make run            install, migrate, load demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test           the whole test suite on SQLite (installs Chromium when missing)"
	@echo "make test-postgres  the whole suite against PostgreSQL on 127.0.0.1:5432"
	@echo "make reset          delete the local database and start over (like make run)"
	@echo "make lint           ruff format --check and ruff check"
	@echo "make messages       update every app's Dutch catalogue (needs gettext)"
	@echo "make bench          run the benchmarks (see benchmarks/README.md)"

# The virtualenv is created once; the install step reruns only when
# pyproject.toml changes (the stamp name carries its checksum).
$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

var:
	mkdir -p var

# DEBUG is off in the demo, so WhiteNoise serves the files collected into var/static.
# The demo command is idempotent: a second run finds its data and adds nothing.
run: install | var
	$(MANAGE) migrate --no-input
	$(MANAGE) collectstatic --no-input --verbosity 0
	$(MANAGE) demo --persons $(DEMO_PERSONS) --seed $(DEMO_SEED)
	$(MANAGE) serve --host $(HOST) --port $(PORT)

clean-db:
	rm -f var/ketenzicht.sqlite3 var/ketenzicht.sqlite3-wal var/ketenzicht.sqlite3-shm
	rm -f var/huey.sqlite3 var/huey.sqlite3-wal var/huey.sqlite3-shm
	rm -rf var/media

reset: clean-db
	$(MAKE) run

# Browser tests drive Debian's Chromium; the i18n tests run Debian's gettext;
# the Spark linkage test needs a Java runtime.
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! command -v msgfmt >/dev/null || ! command -v xgettext >/dev/null \
		|| ! command -v java >/dev/null; then \
		echo "Installing Debian's chromium, gettext and a Java runtime"; \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends \
			chromium gettext default-jre-headless; \
	fi

test: install system-deps
	$(VENV)/bin/pytest -m "not postgres" $(PYTEST_ARGS)

# A fresh database name per run ($$$$ is the shell's pid); pytest-django
# creates test_<name> and drops it afterwards, so parallel runs never collide.
test-postgres: install system-deps
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/ketenzicht_ci_$$$$ \
		$(VENV)/bin/pytest --create-db $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

# makemessages per app (each app owns its catalogue), then compile with polib.
messages: install system-deps
	@for app in ketenzicht/*/apps.py; do \
		dir=$$(dirname $$app); \
		mkdir -p $$dir/locale; \
		(cd $$dir && ../../$(VENV)/bin/django-admin makemessages -l nl --no-obsolete) || exit 1; \
	done
	$(MANAGE) compile_catalogues

# Benchmarks need data sets and often PostgreSQL, and take minutes each, so
# `make bench` lists them; `make bench BENCH=benchmarks/<app>/<script>.py
# BENCH_ARGS="..."` runs one (arguments in benchmarks/<app>/README.md).
BENCH ?=
BENCH_ARGS ?=
bench: install
	$(PIP) install --quiet -e '.[bench]'
	@if [ -z "$(BENCH)" ]; then \
		echo "Benchmarks (run one with make bench BENCH=<path> BENCH_ARGS='...'):"; \
		for f in benchmarks/*/*.py; do \
			case $$f in */locustfile.py) continue;; esac; \
			echo "  $$f: $$($(PY) -c 'import ast,sys; d=ast.get_docstring(ast.parse(open(sys.argv[1]).read())) or ""; print(d.splitlines()[0] if d else "")' $$f)"; \
		done; \
	else \
		$(PY) $(BENCH) $(BENCH_ARGS); \
	fi
