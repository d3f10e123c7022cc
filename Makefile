# papershelf: `make serve` installs and serves the bundled reading list; `make test` installs
# everything (Python packages, Debian's chromium) and runs the whole test suite.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHELF  ?= reading-list
PORT   ?= 8000

.PHONY: install install-test chromium serve test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(VENV)/.installed

# Reinstall only when pyproject.toml changed (the install is editable: code changes need none).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed

# Browser tests drive Debian's chromium (Playwright's own browser download does not work here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

serve: install
	$(BIN)/papershelf --shelf $(SHELF) serve --port $(PORT)

test: install-test chromium
	PAPERSHELF_REQUIRE_BROWSER=1 $(BIN)/python -m pytest

bench: install-test
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) site build .pytest_cache test-artifacts benchmarks/data benchmarks/out
