# The bounded soak (tests/soak/): Rust, Python sync and asyncio, Node and C drivers at the same
# time, each against its own emulator with a mix of injected faults; RSS and descriptors
# sampled at the start, after warm-up and at the end (tests/soak/README.md).
#   make soak              SOAK_SECONDS (default 300) and SOAK_CALLS (default 200000, in all);
#                          writes $(SOAK_OUT)/report.md; fails on RSS growth after warm-up above
#                          SOAK_RSS_MB, descriptors at the end above the warm-up peak +
#                          SOAK_FD_SLACK, a TCP connection left after the client is released, too few calls,
#                          any unexpected outcome. Not part of `make test`.
#   make test-soak-smoke   (part of make test) the same drivers for ~10 s with small counts
SOAK_SECONDS ?= 300
SOAK_CALLS ?= 200000
SOAK_RSS_MB ?= 8
SOAK_FD_SLACK ?= 4
SOAK_FAULTS_PER_S ?= 8
SOAK_TIMEOUT_MS ?= 1500
SOAK_OUT ?= $(ROOT)/target/soak
# Debug builds, as the tests use (a leak or a hang shows in either profile).
SOAK_BUILD := $(ROOT)/target/soak-build
SOAK_ARGS = --emulator $(C_TARGET)/debug/authlete-emulator --python $(PY) --node-dir $(NODE_DIR) \
  --rust-bin $(C_TARGET)/debug/examples/soak --c-bin $(SOAK_BUILD)/bin/soak_c \
  --rss-mb $(SOAK_RSS_MB) --fd-slack $(SOAK_FD_SLACK) --faults-per-s $(SOAK_FAULTS_PER_S) \
  --timeout-ms $(SOAK_TIMEOUT_MS)

.PHONY: soak soak-build test-soak-smoke

soak-build: emulator python-install node-build
	$(CARGO) build -j 2 -q -p authlete --example soak
	$(MAKE) --no-print-directory install-c PREFIX=$(SOAK_BUILD)/c C_PROFILE=debug >/dev/null
	mkdir -p $(SOAK_BUILD)/bin
	cc -O2 -std=c11 -Wall -Wextra -Werror -I$(SOAK_BUILD)/c/include $(ROOT)/tests/soak/soak.c \
	  -L$(SOAK_BUILD)/c/lib -lauthlete -Wl,-rpath,$(SOAK_BUILD)/c/lib -lpthread -o $(SOAK_BUILD)/bin/soak_c

soak: soak-build
	nice -n 10 $(PYTHON) $(ROOT)/tests/soak/run.py $(SOAK_ARGS) --seconds $(SOAK_SECONDS) \
	  --calls $(SOAK_CALLS) --out $(SOAK_OUT)

# Also keeps the drivers clean: ruff here; the Rust driver is linted by test-rust (an example of
# the core), the C one is compiled with -Werror above.
test-soak-smoke: soak-build
	$(PY) -m ruff check --config $(ROOT)/python/pyproject.toml $(ROOT)/tests/soak
	nice -n 10 $(PYTHON) $(ROOT)/tests/soak/run.py $(SOAK_ARGS) --seconds 10 --calls 5000 \
	  --out $(ROOT)/target/soak-smoke

TEST_TARGETS += test-soak-smoke
