# Node library (node/, crate bindings/node): build with the napi CLI from npm, lint, the shared
# cases, the package's own tests, typechecks of the examples and of the seed's examples.
NODE_DIR := $(ROOT)/node
# The tests use the debug addon: its dependencies are the ones the rest of `make test` already
# compiled. `npm run build` (release) is what an install runs; NODE_BUILD=build selects it.
NODE_BUILD ?= build:debug

.PHONY: node-build test-node demo-node

# npm ci (the napi CLI, TypeScript) when node_modules is missing or stale, then the addon.
node-build:
	cd $(NODE_DIR) && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; }
	cd $(NODE_DIR) && npm run $(NODE_BUILD)

test-node: setup emulator node-build
	$(CARGO) fmt -p authlete-node --check
	$(CARGO) clippy -p authlete-node --all-targets -- -D warnings
	$(CARGO) test -p authlete-node
	$(PYTHON) codegen/generate.py --check
	cd $(NODE_DIR) && npm run typecheck
	tests/with-emulator.sh bash -c 'cd $(NODE_DIR) && node test/cases.mjs $(ROOT)/tests/cases && npm test'

demo-node: node-build
	cd $(NODE_DIR) && node examples/quickstart.mjs

TEST_TARGETS += test-node
DEMO_TARGETS += demo-node
