# The two commands of the README: `make demo` and `make test`.
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin

.PHONY: setup system-deps explorer-assets demo test lint bench clean

setup: $(VENV)/.installed explorer-assets

# GraphiQL, React and their CSS from the npm registry, served by the app itself (no CDN).
explorer-assets:
	@[ ! -x scripts/explorer-assets.sh ] || scripts/explorer-assets.sh

system-deps:
	@scripts/system-deps.sh

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: setup
	$(BIN)/graphhub demo

test: setup system-deps
	$(BIN)/ruff check
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: setup
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	-$(BIN)/graphhub db stop
	rm -rf $(VENV) .graphhub neo4j-embedded/target
