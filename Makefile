# Two commands do everything on a fresh clone:  `make demo`  and  `make test`.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: setup browser demo test lint bench clean stack-up stack-down

setup: $(STAMP)

# Re-install only when the lockfile or the package metadata changes.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet --require-hashes -r requirements.lock
	$(VENV)/bin/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# The operator UI tests drive Debian's chromium through Playwright (Playwright's own browser
# download is not used). Installed once, with sudo when not root.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the operator UI tests"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

demo: $(STAMP)
	$(VENV)/bin/kam demo

test: $(STAMP) browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy crawlers flows warehouse sampleweb
	$(VENV)/bin/python -m pytest

bench: $(STAMP)
	$(VENV)/bin/python benchmarks/crawl.py

stack-up: $(STAMP)
	$(VENV)/bin/kam stack up

stack-down: $(STAMP)
	$(VENV)/bin/kam stack down

# Stops the operator stack first: its pid files live in .prefect/.
clean:
	@if [ -x $(VENV)/bin/kam ]; then $(VENV)/bin/kam stack down; fi
	rm -rf data .prefect
