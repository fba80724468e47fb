# The two commands of the README (`make serve`, `make test`) and the targets they stand on.
# Everything the project needs is installed from here: the venv, the npm runtime pin, Chromium,
# nginx (the tests, the benchmark and `make preview` serve the built site through deploy/nginx/).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: help setup build build-zensical serve preview test lint bench browser nginx engines clean

help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml adapters/mkdocs/pyproject.toml requirements.lock
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), "Python 3.12+ is required (see .python-version)"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]' -e ./adapters/mkdocs
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

setup: $(STAMP) node_modules/.package-lock.json ## Create .venv and install every pinned dependency.

browser: ## Install Debian's Chromium for the browser tests (needs root; no-op when present).
	@test -x /usr/bin/chromium || { apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium >/dev/null; }

nginx: ## Install Debian's nginx and its brotli_static module (needs root; no-op when present).
	@test -x /usr/sbin/nginx && test -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so || { \
	  apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
	    nginx libnginx-mod-http-brotli-static >/dev/null; }

ENGINE_PACKAGES := firefox-esr xvfb xauth python3-gi gir1.2-webkit2-4.1
APT := DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600

engines: ## Install Firefox ESR and WebKitGTK for tests/engines and make bench (needs root; no-op when present).
	@dpkg-query -W -f='$${Status}\n' $(ENGINE_PACKAGES) 2>/dev/null | grep -c '^install ok installed$$' \
	  | grep -qx $(words $(ENGINE_PACKAGES)) || { $(APT) update -qq \
	  && $(APT) install -y -qq --no-install-recommends $(ENGINE_PACKAGES) >/dev/null; }

build: setup ## Build the site into site/ (mkdocs build --strict).
	$(BIN)/mkdocs build --strict

build-zensical: setup ## Build the same site with Zensical into site/ (the step runs around it).
	$(BIN)/python -m adapters.zensical

serve: build ## Authors: serve the site on http://127.0.0.1:8000, rebuilt on every change.
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

preview: build nginx ## The production site (snapshot, CSP header) through nginx on http://127.0.0.1:8000.
	$(BIN)/python -m tools.nginx site --port 8000

test: setup browser nginx engines ## Run every test: lint, engine, build, Pyodide in Node, Chromium, Firefox, WebKit.
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: setup ## Lint and format-check the Python code.
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup browser nginx engines ## Benchmark the page against a bare and a plain Pyodide page (one run).
	$(BIN)/python -m benchmarks.run

clean: ## Remove what the build and the tests wrote.
	rm -rf site build dist .pytest_cache .ruff_cache .hypothesis
