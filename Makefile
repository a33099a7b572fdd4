# One command to set up and run the demo, one to run the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test fuzz bench clean

$(BIN)/khobor: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

setup: $(BIN)/khobor

demo: setup
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/khobor run samples --db demo.db
	$(BIN)/khobor search --db demo.db জয়শঙ্কর

test: setup
	$(BIN)/python -m pytest -q -rs

fuzz: setup
	$(BIN)/python bench/fuzz_clean.py -max_total_time=60

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm
