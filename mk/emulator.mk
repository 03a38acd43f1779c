# The emulator as a product (tests/emulator/): its contract run with schemathesis and its wheel.
#   make test-emulator-contract   schemathesis (a venv under target/) against the emulator with
#                                 the contract, twice (any token; --require-token); fails on any
#                                 failure tests/emulator/SCHEMATHESIS.md does not explain
#   make emulator-wheel           the `authlete-emulator` wheel (maturin, bindings = "bin") for
#                                 this machine into $(EMULATOR_WHEEL_DIR)
SCHEMATHESIS_VERSION := 4.32.5
ST_VENV := $(ROOT)/target/schemathesis-venv
ST := $(ST_VENV)/bin/st
# Test cases per operation and phase, few enough to keep each run short on 2 cores
# (bench/OPTIMISATIONS.md, "Figures formerly in code comments").
ST_EXAMPLES ?= 30
ST_TOKEN_EXAMPLES ?= 15
ST_OUT := $(ROOT)/target/schemathesis
EMULATOR_WHEEL_DIR ?= $(ROOT)/target/wheels

.PHONY: schemathesis-venv test-emulator-contract emulator-wheel

schemathesis-venv:
	@test -x $(ST_VENV)/bin/python || $(PYTHON) -m venv $(ST_VENV)
	@$(ST) --version 2>/dev/null | grep -q ' $(SCHEMATHESIS_VERSION)$$' || \
	  $(ST_VENV)/bin/pip install -q "schemathesis==$(SCHEMATHESIS_VERSION)"

test-emulator-contract: emulator schemathesis-venv
	tests/with-emulator.sh $(PYTHON) tests/emulator/schemathesis/check.py --st $(ST) \
	  --run any-token --token test-token --examples $(ST_EXAMPLES) --out $(ST_OUT)
	AUTHLETE_EMULATOR_TOKEN=st-required-token tests/with-emulator.sh $(PYTHON) \
	  tests/emulator/schemathesis/check.py --st $(ST) --run required-token \
	  --token st-required-token --examples $(ST_TOKEN_EXAMPLES) --out $(ST_OUT)

# One wheel for this machine's platform, from tests/emulator/pyproject.toml, with the release
# tools (make dist builds it for every triple).
emulator-wheel: dist-tools
	$(DIST_TOOLS)/bin/maturin build --release -m $(ROOT)/tests/emulator/Cargo.toml \
	  --out $(EMULATOR_WHEEL_DIR)

TEST_TARGETS += test-emulator-contract
