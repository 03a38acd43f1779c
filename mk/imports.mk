# The Rust crates' module graphs have no cycles (`make check-imports-rust`; not part of
# `make test`: cargo-modules is built from source, which takes minutes). The Python package
# and the JS modules are checked by test-python (pydeps) and test-node (madge).
CARGO_MODULES_VERSION := 0.27.0
CARGO_MODULES := $(ROOT)/target/tools/bin/cargo-modules
IMPORT_CRATES := authlete authlete-python authlete-node authlete-c authlete-uniffi

.PHONY: check-imports-rust

$(CARGO_MODULES):
	$(CARGO) install -q --locked cargo-modules --version $(CARGO_MODULES_VERSION) --root $(ROOT)/target/tools

check-imports-rust: setup $(CARGO_MODULES)
	@mkdir -p $(ROOT)/target/imports
	@for p in $(IMPORT_CRATES); do \
	  $(CARGO_MODULES) dependencies --package $$p --lib --no-externs --no-sysroot > $(ROOT)/target/imports/$$p.dot \
	  && $(PYTHON) tests/imports/rust_modules.py $(ROOT)/target/imports/$$p.dot > $(ROOT)/target/imports/$$p.json \
	  && printf '%s: ' $$p && $(PYTHON) tests/imports/cycles.py $(ROOT)/target/imports/$$p.json || status=1; \
	done; exit $${status:-0}
