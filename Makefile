# Ervaringswerk: `make demo` to try it, `make test` to prove it. Both set up a fresh machine themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# PostgreSQL for the second test run; the local server accepts the postgres role over loopback.
PG_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
PYTEST_WORKERS ?= 2
# The browser pass waits on Chromium and the live server more than it computes (1.1 of 2 cores busy with
# two workers): a third worker fills the gaps.
BROWSER_WORKERS ?= 3

.PHONY: demo test fuzz install install-dev assets migrate serve bench lint format messages check-deploy clean worker bench-load bench-faults

$(VENV)/.runtime: requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -qq --disable-pip-version-check -r requirements.txt
	# deduce builds its lookup cache (1-2 minutes) on first use: do it here, once, not in a request or a test.
	# Under Django's settings: deduce stamps the cache in local time and Django sets TZ to TIME_ZONE, so a
	# cache built in the shell's UTC looks an hour stale to every Django process, which rebuilds it.
	$(BIN)/python manage.py shell -v 0 -c "from ervaringswerk.core.freetext import warm_up; warm_up()"
	@touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime
	$(BIN)/pip install -qq --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# NL Design System CSS and htmx come from npm and are copied into static/vendor (not committed).
static/vendor/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	mkdir -p static/vendor/utrecht static/vendor/htmx
	cp node_modules/@utrecht/component-library-css/dist/index.css static/vendor/utrecht/index.css
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/htmx.min.js
	@touch $@

install: $(VENV)/.runtime static/vendor/.installed
install-dev: $(VENV)/.dev static/vendor/.installed

migrate: install
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput -v 0

# DEBUG off, like the product: Dutch error pages, static files through WhiteNoise. EW_DEMO=1 permits the demo data.
demo: migrate
	DJANGO_DEBUG=0 EW_DEMO=1 EW_REQUIRE_2FA=0 $(BIN)/python manage.py load_demo
	@echo ""
	@echo "Ervaringswerk draait op http://127.0.0.1:$(PORT)/  (stoppen: Ctrl+C)"
	DJANGO_DEBUG=0 EW_DEMO=1 EW_REQUIRE_2FA=0 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT) --noreload

# A Celery worker (both queues) with beat inside it, against REDIS_URL (default redis://127.0.0.1:6379/0).
# The web processes must run with EW_TASKS_EAGER=0 to hand their work to it (docs/deployment.md).
worker: migrate
	EW_TASKS_EAGER=0 $(BIN)/celery -A config.celery:app worker -B -Q default,reports --concurrency 2 \
	  --loglevel INFO --schedule var/celerybeat-schedule

# Debian's Chromium for the browser tests (Playwright cannot download a browser here).
/usr/bin/chromium:
	@if [ "$$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null

# The house rules the tools keep (CONTRIBUTING.md, "Rules and the tools that keep them").
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	$(BIN)/python scripts/check_architecture.py
	$(BIN)/python manage.py makemigrations --check --dry-run -v 0
	# The OpenAPI document against the NL API Design Rules (.spectral.yaml, docs/api.md): errors fail.
	@mkdir -p var
	$(BIN)/python manage.py spectacular --format openapi-json --file var/openapi.json
	node_modules/.bin/spectral lint --ruleset .spectral.yaml --fail-severity error --quiet var/openapi.json

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install-dev /usr/bin/chromium lint
	@echo "== unit and integration tests on SQLite =="
	$(BIN)/pytest -m "not browser and not fuzz" -n $(PYTEST_WORKERS) -q
	@echo "== unit and integration tests on PostgreSQL =="
	DATABASE_URL=$(PG_DATABASE_URL) $(BIN)/pytest -m "not browser and not fuzz" -n $(PYTEST_WORKERS) -q
	@echo "== browser tests (headless Chromium) =="
	$(BIN)/pytest -m browser -n $(BROWSER_WORKERS) --dist loadfile -q

# Schemathesis over the whole OpenAPI document, per role (tests/fuzz/, docs/api.md), on SQLite.
fuzz: install-dev
	@echo "== API conformance (Schemathesis) =="
	$(BIN)/pytest tests/fuzz -m fuzz -n $(PYTEST_WORKERS) -q

bench: install-dev
	$(BIN)/python -m bench.matching

$(VENV)/.bench: requirements-bench.txt $(VENV)/.dev
	$(BIN)/pip install -qq --disable-pip-version-check -r requirements-bench.txt
	@touch $@

# Load and fault benchmarks (README, docs/deployment.md); minutes long, never part of `make test`.
bench-load: $(VENV)/.bench
	DATABASE_URL=$(PG_DATABASE_URL) $(BIN)/python -m bench.load

bench-faults: $(VENV)/.bench
	$(BIN)/python -m bench.faults

messages: install-dev
	$(BIN)/python manage.py makemessages -l en -l nl --ignore=.venv --ignore=node_modules
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules

check-deploy: install
	DJANGO_ENV=production DJANGO_SECRET_KEY=check-deploy-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
	DJANGO_ALLOWED_HOSTS=ervaringswerk.example.nl $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles var
