# Two commands for a fresh machine with python3: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint clean

$(BIN)/lawtext: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: $(BIN)/lawtext
	$(BIN)/lawtext analyze corpora --out out

test: $(BIN)/lawtext
	$(BIN)/ruff check lawtext tests benchmarks
	$(BIN)/pytest -q lawtext tests --nbmake notebooks

clean:
	rm -rf $(VENV) out
