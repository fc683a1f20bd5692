# ANTQ Portal — the README's two commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENDOR := static/vendor
# Debian packages the portal needs: fonts with every Vietnamese letter (Tinos; Noto Serif for
# signature stamps) and poppler-utils to read PDFs back. Chromium only for the browser tests.
SYSTEM_PACKAGES := fonts-croscore fonts-noto-core poppler-utils
TEST_SYSTEM_PACKAGES := chromium
DEMO_PROVINCE ?= Lạng Sơn

# `make test` runs on PostgreSQL and Redis; these are the local defaults.
TEST_ENV := DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/antq} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
	DJANGO_DEBUG=1 DJANGO_ALLOW_ASYNC_UNSAFE=true CACHE_KEY_PREFIX=antq-test

.PHONY: run test install system-packages test-system-packages lint migrations-check bench clean

install: $(VENV)/.installed $(VENDOR)/.installed system-packages

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	@touch $@

$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons $(VENDOR)/htmx \
		$(VENDOR)/chartjs $(VENDOR)/tom-select $(VENDOR)/tinos
	cp node_modules/bootstrap/dist/css/bootstrap.min.css* node_modules/bootstrap/dist/js/bootstrap.bundle.min.js* $(VENDOR)/bootstrap/
	cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts $(VENDOR)/bootstrap-icons/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/chart.js/dist/chart.umd.min.js* $(VENDOR)/chartjs/
	cp node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css* node_modules/tom-select/dist/js/tom-select.complete.min.js* $(VENDOR)/tom-select/
	cp node_modules/@fontsource/tinos/files/tinos-*-{400,700}-{normal,italic}.woff2 $(VENDOR)/tinos/
	@touch $@

# apt only where it runs as root and something is missing; others install the packages named
# in the README themselves.
system-packages:
	@bash scripts/ensure-system-packages.sh $(SYSTEM_PACKAGES)

test-system-packages:
	@bash scripts/ensure-system-packages.sh $(SYSTEM_PACKAGES) $(TEST_SYSTEM_PACKAGES)

run: install
	@mkdir -p var
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_admin_units --province "$(DEMO_PROVINCE)"
	DJANGO_DEBUG=1 $(BIN)/python manage.py seed_demo
	DJANGO_DEBUG=1 $(BIN)/honcho --procfile Procfile.dev start

lint: $(VENV)/.installed
	$(BIN)/ruff check .

migrations-check: $(VENV)/.installed
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

test: install test-system-packages
	$(BIN)/ruff check .
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

bench: install
	$(TEST_ENV) $(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
