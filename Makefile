# The entry point. `make run` brings the demo up; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test install install-test assets translations messages lint format check clean

run: install assets translations
	PORT=$(PORT) $(BIN)/healthjustice demo --port $(PORT)

test: install-test assets translations
	HJ_ENVIRONMENT=test $(BIN)/pytest

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets: node_modules/.package-lock.json
	npm run --silent build

translations: install
	$(BIN)/healthjustice manage compile_translations

# Extract every marked string (Python and Jinja templates) and merge it into the Welsh catalogue.
messages: install
	$(BIN)/healthjustice manage extract_messages

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/djlint src --lint

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install assets translations
	HJ_ENVIRONMENT=production SECRET_KEY=check-only-$$(date +%s)-not-a-real-secret-key-0123456789 \
		ALLOWED_HOSTS=healthjustice.example SITE_URL=https://healthjustice.example \
		$(BIN)/healthjustice manage check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules var src/healthjustice/core/static/build
