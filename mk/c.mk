# C library (crate bindings/c -> libauthlete.{so,a}, include/authlete.h, CMake package, pkg-config).
#   make install-c PREFIX=<dir> [C_PROFILE=release|debug]   install header, libraries, authlete.pc, CMake config
#   make generate-c                                         regenerate include/authlete.h (cbindgen)
#   make test-c                                             lint, header freshness, install into target/, build
#                                                           the tests with CMake and pkg-config, run them all
#                                                           (shared cases included) under valgrind
#   make demo-c                                             quickstart.c and quickstart.cpp against $AUTHLETE_SERVER_URL
C_TARGET := $(or $(CARGO_TARGET_DIR),$(ROOT)/target)
C_PROFILE ?= release
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DESTDIR ?=
# The system libraries libauthlete.a needs on this machine: rustc's own list for the target.
C_STATIC_LIBS = $(shell $(ROOT)/bindings/c/pkg/static-libs.sh)
C_TEST_PREFIX := $(C_TARGET)/c-install
C_TEST_BUILD := $(C_TARGET)/c-build

.PHONY: c-deps c-lib generate-c install-c test-c demo-c

# C tools and libraries from Debian packages, installed only when missing.
c-deps:
	@missing=""; \
	for p in cmake valgrind pkg-config libjansson-dev; do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

c-lib:
	$(CARGO) build -j 2 -p authlete-c $(if $(filter release,$(C_PROFILE)),--release)

generate-c:
	AUTHLETE_C_HEADER=write $(CARGO) build -j 2 -p authlete-c

# DESTDIR stages the install (packagers); LIBDIR and INCLUDEDIR default to PREFIX/lib and
# PREFIX/include. The pkg-config and CMake files are relocatable.
install-c: c-lib
	$(ROOT)/bindings/c/pkg/install.sh --from "$(C_TARGET)/$(C_PROFILE)" --version $(VERSION) \
	  --prefix "$(abspath $(PREFIX))" --libdir "$(abspath $(LIBDIR))" --includedir "$(abspath $(INCLUDEDIR))" \
	  --destdir "$(DESTDIR)" --static-libs "$(C_STATIC_LIBS)"

test-c: setup c-deps emulator
	$(CARGO) fmt -p authlete-c --check
	$(CARGO) clippy -j 2 -p authlete-c --all-targets -- -D warnings
	$(PYTHON) codegen/generate.py --check
	AUTHLETE_C_HEADER=check $(CARGO) build -j 2 -p authlete-c
	rm -rf $(C_TEST_PREFIX) $(C_TEST_BUILD)
	$(MAKE) --no-print-directory install-c PREFIX=$(C_TEST_PREFIX) C_PROFILE=debug
	cmake -S $(ROOT)/bindings/c/tests -B $(C_TEST_BUILD)/cmake -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_PREFIX_PATH=$(C_TEST_PREFIX) -DAUTHLETE_VALGRIND=ON -DAUTHLETE_CASES_DIR=$(ROOT)/tests/cases >/dev/null
	cmake --build $(C_TEST_BUILD)/cmake -j 2
	PKG_CONFIG_PATH=$(C_TEST_PREFIX)/lib/pkgconfig; export PKG_CONFIG_PATH; \
	cc -std=c99 -Wall -Wextra -Wpedantic -Werror $(ROOT)/bindings/c/examples/quickstart.c \
	  $$(pkg-config --cflags --libs authlete) -Wl,-rpath,$$(pkg-config --variable=libdir authlete) \
	  -o $(C_TEST_BUILD)/quickstart_pkgconfig; \
	cc -std=c99 -Wall -Wextra -Wpedantic -Werror $(ROOT)/bindings/c/tests/static_consumer.c \
	  $$(pkg-config --static --cflags --libs authlete-static) -o $(C_TEST_BUILD)/static_pkgconfig; \
	if readelf -d $(C_TEST_BUILD)/static_pkgconfig | grep -q 'libauthlete'; then \
	  echo "static_pkgconfig needs libauthlete.so: the static link through pkg-config failed"; exit 1; fi
	@# DESTDIR and LIBDIR as a packager sets them; the staged tree is then moved, and
	@# pkg-config still finds everything relative to itself.
	rm -rf $(C_TEST_BUILD)/staged $(C_TEST_BUILD)/moved
	$(MAKE) --no-print-directory install-c PREFIX=/usr LIBDIR=/usr/lib64 DESTDIR=$(C_TEST_BUILD)/staged C_PROFILE=debug >/dev/null
	mv $(C_TEST_BUILD)/staged $(C_TEST_BUILD)/moved
	PKG_CONFIG_PATH=$(C_TEST_BUILD)/moved/usr/lib64/pkgconfig; export PKG_CONFIG_PATH; \
	cc -std=c99 -Wall -Wextra -Wpedantic -Werror $(ROOT)/bindings/c/tests/static_consumer.c \
	  $$(pkg-config --static --cflags --libs authlete-static) -o $(C_TEST_BUILD)/static_moved
	AUTHLETE_EMULATOR_TLS=1 tests/with-emulator.sh bash -c '\
	  ctest --test-dir $(C_TEST_BUILD)/cmake --output-on-failure && \
	  $(C_TEST_BUILD)/quickstart_pkgconfig >/dev/null && $(C_TEST_BUILD)/static_pkgconfig && \
	  $(C_TEST_BUILD)/static_moved >/dev/null && \
	  echo "c: pkg-config consumers (shared, static, staged with DESTDIR and moved) ok"'

demo-c:
	$(MAKE) --no-print-directory install-c PREFIX=$(C_TARGET)/c-demo C_PROFILE=debug >/dev/null
	PKG_CONFIG_PATH=$(C_TARGET)/c-demo/lib/pkgconfig; export PKG_CONFIG_PATH; \
	flags="$$(pkg-config --cflags --libs authlete) -Wl,-rpath,$$(pkg-config --variable=libdir authlete)"; \
	cc -std=c99 -Wall $(ROOT)/bindings/c/examples/quickstart.c $$flags -o $(C_TARGET)/c-demo/quickstart; \
	c++ -std=c++17 -Wall $(ROOT)/bindings/c/examples/quickstart.cpp $$flags -o $(C_TARGET)/c-demo/quickstart_cpp; \
	$(C_TARGET)/c-demo/quickstart && $(C_TARGET)/c-demo/quickstart_cpp

TEST_TARGETS += test-c
DEMO_TARGETS += demo-c
