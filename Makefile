# Two commands for a fresh machine with python3: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint clean api

$(BIN)/lawtext: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,ocr]'
	touch $@

demo: $(BIN)/lawtext
	$(BIN)/lawtext analyze corpora --out out

test: $(BIN)/lawtext
	$(BIN)/ruff check lawtext tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q -n 2 --dist loadfile lawtext tests --nbmake notebooks

# The API reference from the docstrings (docs/design.md §8); docs/api/ is not committed.
api: $(BIN)/lawtext
	$(BIN)/pdoc lawtext $$($(BIN)/python -c "import importlib, pkgutil, lawtext; \
	mods = [(m.name, *m.name.rsplit('.', 1)) for m in pkgutil.walk_packages(lawtext.__path__, 'lawtext.')]; \
	print(*(n for n, parent, short in mods if short not in getattr(importlib.import_module(parent), '__all__', [short])))") \
	-o docs/api

clean:
	rm -rf $(VENV) out docs/api
