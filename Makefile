# The two commands: `make demo` runs every language's example against the local emulator;
# `make test` runs everything (Rust, the shared cases in every language, each language's own
# tests, lints, stale-generated-file checks). Each language adds its targets in mk/<lang>.mk.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT := $(abspath .)
CARGO ?= cargo
PYTHON ?= python3
export CARGO_TERM_COLOR ?= never
# The one version: the workspace's, in Cargo.toml. Every package takes it or is checked
# against it (test-node, test-kotlin; the C header is generated from it).
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' $(ROOT)/Cargo.toml | head -n 1)
# Where `make dist` writes what a release publishes, and where its native builds go,
# one folder per target triple.
DIST ?= $(ROOT)/dist
DIST_NATIVE ?= $(ROOT)/target/dist-native
# A build from a fresh clone gains nothing from incremental caches, and they took a large share
# of target/ (bench/OPTIMISATIONS.md, "Figures formerly in code comments"). Set
# CARGO_INCREMENTAL=1 when iterating on the Rust code.
export CARGO_INCREMENTAL ?= 0

# Filled in by the language fragments below.
TEST_TARGETS := test-generated test-rust test-cases-reference
DEMO_TARGETS := demo-rust

-include mk/*.mk

.PHONY: help setup generate test test-generated test-rust test-cases-reference demo demo-rust emulator

help:
	@echo "make demo      build and run the examples of every language against the local emulator"
	@echo "make test      everything: Rust, shared cases in every language, each language's tests, lints"
	@echo "make generate  regenerate the generated files from spec/"
	@echo "make docs      the API reference of every language into target/docs/<lang>/, failing on any doc warning"

# Tools the build needs that a fresh machine may lack (all from the package registries).
setup:
	@$(PYTHON) -c "import yaml" 2>/dev/null || $(PYTHON) -m pip install -q pyyaml
	@command -v rustfmt >/dev/null || rustup component add rustfmt
	@$(CARGO) clippy --version >/dev/null 2>&1 || rustup component add clippy

generate: setup
	$(PYTHON) codegen/generate.py

test-generated: setup
	$(PYTHON) codegen/generate.py --check

# The core and the emulator; each binding crate is linted and tested by its own mk/ target.
RUST_PACKAGES := -p authlete -p authlete-macros -p authlete-emulator
test-rust: setup
	$(CARGO) fmt $(RUST_PACKAGES) --check
	$(CARGO) clippy $(RUST_PACKAGES) --all-targets -- -D warnings
	$(CARGO) test $(RUST_PACKAGES)

# The shared cases through the Rust core run in `cargo test` (core/tests/cases.rs). Here the
# case data itself is checked by a raw-HTTP reference runner that uses no SDK.
test-cases-reference: setup emulator
	tests/with-emulator.sh $(PYTHON) tests/cases/check.py

emulator:
	$(CARGO) build -q -p authlete-emulator

test: $(TEST_TARGETS)
	@echo "make test: all of $(TEST_TARGETS) passed"

# Examples run against one emulator started for the whole demo (stopped also on failure).
demo: emulator
	tests/with-emulator.sh $(MAKE) --no-print-directory $(DEMO_TARGETS)

demo-rust:
	$(CARGO) run -q -p authlete --example quickstart
