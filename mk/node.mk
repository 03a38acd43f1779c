# Node library (node/, crate bindings/node): build with the napi CLI from npm, lint, the shared
# cases, the package's own tests, typechecks of the examples and of the official TypeScript SDK's
# examples, and arethetypeswrong on the packed package.
NODE_DIR := $(ROOT)/node
# The tests use the debug addon: its dependencies are the ones the rest of `make test` already
# compiled. `npm run build` (release) is the build from source; NODE_BUILD=build selects it.
NODE_BUILD ?= build:debug

# Packing for npm: the napi targets in node/package.json; dist-node packs those of them whose
# DIST_NATIVE/<triple>/authlete.node exists, or exactly NODE_DIST_TRIPLES when set.
NODE_DIST_TRIPLES ?=

.PHONY: node-deps node-build test-node demo-node dist-node test-node-pack

# npm ci (the napi CLI, TypeScript) when node_modules is missing or stale.
node-deps:
	cd $(NODE_DIR) && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; }

# The addon for this platform (native/authlete.<platform>.node) and napi's generated loader,
# native/binding.js, which is committed: the main package ships it and has no build step.
node-build: node-deps
	cd $(NODE_DIR) && npm run $(NODE_BUILD)

test-node: setup emulator node-build
	$(CARGO) fmt -p authlete-node --check
	$(CARGO) clippy -p authlete-node --all-targets -- -D warnings
	$(CARGO) test -p authlete-node
	$(PYTHON) codegen/generate.py --check
	cd $(NODE_DIR) && node scripts/check-version.mjs $(VERSION)
	@# The build just regenerated the loader (it embeds the version and the addon's exports):
	@# it must be the committed one.
	@{ git -C $(NODE_DIR) ls-files --error-unmatch native/binding.js >/dev/null && \
	   git -C $(NODE_DIR) diff --quiet -- native/binding.js; } || { git -C $(NODE_DIR) diff --stat -- native/binding.js; \
	  echo "node/native/binding.js is stale: napi build regenerated it; commit the new one" >&2; exit 1; }
	cd $(NODE_DIR) && npm run typecheck
	@# The declarations resolve for import and require alike (arethetypeswrong on the packed package).
	cd $(NODE_DIR) && npm run attw
	@# No import cycles in the JS modules.
	cd $(NODE_DIR) && npx madge --circular --extensions js,mjs index.js index.mjs core.js lib funcs models
	AUTHLETE_EMULATOR_TLS=1 tests/with-emulator.sh bash -c 'cd $(NODE_DIR) && node test/cases.mjs $(ROOT)/tests/cases && npm test'

demo-node: node-build
	cd $(NODE_DIR) && node examples/quickstart.mjs

# $(DIST)/node/authlete-$(VERSION).tgz (JS, declarations, the loader; no addon) and
# authlete-<platform>-$(VERSION).tgz per packed triple. Nothing is built here, and the
# working tree's own build (node/native/*.node) is never packed.
dist-node: node-deps
	cd $(NODE_DIR) && node scripts/dist.mjs --version $(VERSION) --dist-native $(DIST_NATIVE) \
	  --out $(DIST)/node --triples "$(NODE_DIST_TRIPLES)"

# The tarballs of this machine's platform installed into a fresh project and used against the
# emulator (needs DIST_NATIVE/<this machine's triple>/authlete.node).
test-node-pack: emulator node-deps
	VERSION=$(VERSION) MAKE="$(MAKE)" tests/with-emulator.sh bash $(NODE_DIR)/scripts/test-pack.sh

TEST_TARGETS += test-node
DEMO_TARGETS += demo-node
