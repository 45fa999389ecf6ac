# Passerelle: `make run` serves the portal with demo data; `make test` runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# uv manages the environment. When it is missing, it is installed into a small
# private virtualenv (.tools/) so nothing is written outside the project.
UV := $(shell uv --version >/dev/null 2>&1 && echo uv || echo .tools/bin/uv)
PYTHON := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests run with production-like settings (DEBUG off) and a throwaway key, over
# the test client's plain HTTP.
TEST_ENV := DEBUG=0 SECRET_KEY=test-only-not-secret SECURE_SSL_REDIRECT=0
# The browser tests drive this Chromium (Debian's; Playwright never downloads one).
CHROMIUM ?= /usr/bin/chromium

.PHONY: help run serve test lint fmt ci env clean messages bench-search bench-pages bench-releases loadtest fuzz vendor lighthouse

help:
	@echo "make run    create the environment, migrate SQLite, load demo data, serve on http://$(HOST):$(PORT)"
	@echo "make serve  collectstatic, check --deploy, gunicorn (gunicorn.conf.py) on $(HOST):$(PORT); settings from the environment (README)"
	@echo "make test   run the whole test suite, browser tests included (DATABASE_URL picks the database; SQLite by default)"
	@echo "make lint   ruff, Django system checks and the missing-migration check"
	@echo "make fmt    format and auto-fix with ruff"
	@echo "make ci     lint, then test"
	@echo "make messages  extract strings into locale/fr and compile the catalogue (needs GNU gettext)"
	@echo "make bench-search  time search at 1,000 and 100,000 organizations on PostgreSQL, regenerating"
	@echo "                   the synthetic data (BENCH_DATABASE_URL picks the database, BENCH_ARGS adds options)"
	@echo "make bench-pages   time every kind of page against raw SQL, a static file and its DB time, on the"
	@echo "                   data already in BENCH_DATABASE_URL's database (BENCH_ARGS: --rounds N, --sizes ...)"
	@echo "make bench-releases time the press release reader on that data: search index against the whole"
	@echo "                   directory (BENCH_ARGS: --rounds N, --limit N, release files)"
	@echo "make loadtest      serve with gunicorn (2 workers) on that database and load it with wrk for 60 s"
	@echo "                   (LOADTEST_DURATION, LOADTEST_CONNECTIONS, LOADTEST_GROUP_DURATION, CACHE_URL)"
	@echo "make vendor        copy the browser libraries from node_modules into static/vendor/ (package-lock.json)"
	@echo "make lighthouse    Lighthouse's SEO audit of the main pages in both languages, served as in production"
	@echo "                   on a fresh SQLite database with the demo data (PAGES: URL names; slow)"
	@echo "make fuzz          10,000 generated query strings per public endpoint, admin list and autocomplete,"
	@echo "                   at low priority; prints requests and 5xx per endpoint (FUZZ_EXAMPLES, FUZZ_DATABASE_URL)"

.tools/bin/uv:
	@echo "uv not found: installing it into .tools/ ..."
	python3 -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check uv

env: $(if $(filter .tools/bin/uv,$(UV)),.tools/bin/uv)
	@$(UV) sync --locked --quiet

run: env
	DEBUG=1 $(PYTHON) manage.py migrate --verbosity 0
	DEBUG=1 $(PYTHON) manage.py load_demo --admin
	@echo ""
	@echo "Passerelle is starting at http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "Stop it with Ctrl+C."
	DEBUG=1 $(PYTHON) manage.py runserver $(HOST):$(PORT)

# Production settings from the environment, as the README's "Running in production"
# shows (DEBUG stays off): static files, the deployment checks (errors stop it,
# warnings are printed), then gunicorn with gunicorn.conf.py.
serve: env
	$(PYTHON) manage.py collectstatic --noinput --verbosity 0
	$(PYTHON) manage.py check --deploy
	.venv/bin/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT)

# axe-core, for the browser tests' accessibility sweep, as package-lock.json pins
# it; npm writes node_modules/.package-lock.json on each install. Without npm (or
# the registry) the sweep is skipped, and says so.
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --loglevel=error || echo "npm ci failed: the accessibility sweep will be skipped."; \
	else \
		echo "npm not found: the accessibility sweep (tests/browser/) will be skipped."; \
	fi

# Two workers: the machines this runs on have two cores. The browser tests
# (tests/browser/) all go to one worker, one after the other, with one Chromium
# (--dist loadgroup and their xdist_group mark); -rs lists every skipped test with
# its reason, a missing Chromium included.
test: env node_modules/.package-lock.json
	@test -x $(CHROMIUM) || echo "Chromium not found at $(CHROMIUM): the browser tests (tests/browser/) will be skipped (apt-get install chromium)."
	$(TEST_ENV) CHROMIUM=$(CHROMIUM) $(PYTHON) -m pytest -n 2 --dist loadgroup -rs $(PYTEST_ARGS)

# The browser libraries the map and the network load (static/vendor/), copied from
# node_modules as package-lock.json pins them; run after changing a version.
vendor: node_modules/.package-lock.json
	$(PYTHON) scripts/vendor_assets.py

lint: env
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(TEST_ENV) $(PYTHON) manage.py check --fail-level WARNING
	$(TEST_ENV) $(PYTHON) manage.py makemigrations --check --dry-run

fmt: env
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

ci: lint test

messages: env
	DEBUG=1 $(PYTHON) manage.py makemessages -l fr --no-location --ignore=.venv --ignore=.tools --ignore=tests --ignore=staticfiles
	DEBUG=1 $(PYTHON) manage.py compilemessages --ignore=.venv --ignore=.tools

# Search timings (issue 12), on PostgreSQL unless BENCH_DATABASE_URL says otherwise:
# generate_data replaces the synthetic (gen-) records at each size. Not part of
# `make test`; e.g. make bench-search BENCH_ARGS="--sizes 1000 --runs 3".
# Production-like settings, hence collectstatic: pages look up the static manifest.
BENCH_DB := DATABASE_URL=$${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/passerelle_bench}

bench-search: env
	$(BENCH_DB) $(TEST_ENV) $(PYTHON) manage.py migrate --verbosity 0
	$(TEST_ENV) $(PYTHON) manage.py collectstatic --noinput --verbosity 0
	$(BENCH_DB) $(TEST_ENV) $(PYTHON) manage.py benchmark_search $(BENCH_ARGS)

# Page timings (issue 13): lists, details, cached pages and the API against raw SQL,
# a static file and their DB time. The data is measured as found (an empty database
# is filled at generate_data's default size first); BENCH_ARGS="--sizes 1000 100000"
# regenerates it at each size. Not part of `make test`.
bench-pages: env
	$(BENCH_DB) $(TEST_ENV) $(PYTHON) manage.py migrate --verbosity 0
	$(TEST_ENV) $(PYTHON) manage.py collectstatic --noinput --verbosity 0
	$(BENCH_DB) $(TEST_ENV) $(PYTHON) manage.py benchmark_pages $(BENCH_ARGS)

# The press release reader at the data's size: parties found through the search
# index against the whole directory read into memory (issue 16).
bench-releases: env
	$(BENCH_DB) $(TEST_ENV) $(PYTHON) manage.py migrate --verbosity 0
	$(BENCH_DB) $(TEST_ENV) $(PYTHON) manage.py benchmark_releases $(BENCH_ARGS)

# gunicorn and wrk over a URL mix picked from the data; scripts/bench/loadtest.sh
# says what it prints and which variables it reads.
loadtest: env
	scripts/bench/loadtest.sh

# Fuzzing (issue 14): tests/test_fuzz.py at 10,000 requests per endpoint instead of
# the suite's few dozen; scripts/fuzz.sh says what it reads. Not part of `make test`.
fuzz: env
	scripts/fuzz.sh

# Lighthouse's SEO audit (issue 19): scripts/lighthouse.py serves the demo data with
# DEBUG off through gunicorn and audits each page in English and French; it exits
# non-zero under a score of 100. PAGES="home organizations:detail" picks the pages.
# Not part of `make test`. It needs node_modules (`make test` or `npm ci` installs it) but
# does not run npm itself: through a symlinked node_modules, npm ci empties its target.
lighthouse: env
	$(PYTHON) scripts/lighthouse.py $(PAGES)

clean:
	rm -rf .venv .tools staticfiles .pytest_cache .ruff_cache node_modules
