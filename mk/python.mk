# Python library (crate bindings/python -> module authlete_sdk._native; package python/).
#   make test-python   venv with the test tools, `pip install ./python` (dev profile), codegen
#                      freshness, ruff, mypy --strict on the package and the examples, stubtest, and pytest
#                      (every shared case + the library's own tests) against the emulator
#   make demo-python   python/examples/quickstart.py against $AUTHLETE_SERVER_URL
PY_VENV := $(ROOT)/python/.venv
PY := $(PY_VENV)/bin/python
# The tests build the extension in the dev profile (shares the workspace's build cache);
# a plain `pip install ./python` builds the release wheel.
PY_BUILD_ARGS ?= --profile dev

.PHONY: python-venv python-install test-python demo-python

python-venv:
	@test -x $(PY) || $(PYTHON) -m venv $(PY_VENV)
	@$(PY) -c "import pytest, mypy, ruff, maturin, pydeps" 2>/dev/null || \
	  $(PY) -m pip install -q "pytest>=7" "mypy>=1.8" "ruff>=0.4" "maturin>=1.7,<2" "pydeps>=3"

python-install: python-venv
	cd $(ROOT) && MATURIN_PEP517_ARGS="$(PY_BUILD_ARGS)" $(PY) -m pip install -q --force-reinstall --no-deps ./python

test-python: setup emulator python-install
	$(CARGO) fmt -p authlete-python --check
	$(CARGO) clippy -j 2 -p authlete-python --all-targets -- -D warnings
	$(PYTHON) codegen/generate.py --check
	cd $(ROOT)/python && $(PY) -m ruff check .
	cd $(ROOT)/python && $(PY) -m mypy --strict authlete_sdk examples tests/typing_check.py
	cd $(ROOT) && $(PY) -m mypy.stubtest authlete_sdk
	@# No import cycles in the package (imports inside functions count too).
	cd $(ROOT)/python && $(PY) -m pydeps authlete_sdk --no-output --show-deps > $(ROOT)/target/python-imports.json
	$(PYTHON) tests/imports/cycles.py $(ROOT)/target/python-imports.json
	AUTHLETE_EMULATOR_TLS=1 tests/with-emulator.sh $(PY) -m pytest -q -p no:cacheprovider python/tests

demo-python: python-install
	$(PY) $(ROOT)/python/examples/quickstart.py

TEST_TARGETS += test-python
DEMO_TARGETS += demo-python
