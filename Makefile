# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench lint messages clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "VISES needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	@scripts/system-packages run
	@$(BIN)/vises migrate --noinput -v 0
	@$(BIN)/vises collectstatic --noinput -v 0
	@echo "Demo logins (role, organisation, email, password):"
	@$(BIN)/vises demo
	@echo "VISES is on http://127.0.0.1:8000, with a worker for the background work (Ctrl-C stops both)"
	@# The demo's logins sign in with a password alone: no two-factor sign-in required.
	@VISES_REQUIRE_TWO_FACTOR=false $(BIN)/vises serve

# One test process per core; a file's tests stay together so its fixtures are built once.
test: $(VENV)/.installed-test
	@scripts/system-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n auto --dist loadfile

bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py

# Refresh the translation catalogues after changing texts (needs Debian's gettext).
messages: $(VENV)/.installed-test
	cd src/vises && ../../$(BIN)/vises makemessages -l fr -l nl --no-location --no-obsolete
	cd src/vises && ../../$(BIN)/vises compilemessages

clean:
	rm -rf $(VENV) data
