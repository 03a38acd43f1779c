# C library (crate bindings/c -> libauthlete.{so,a}, include/authlete.h, CMake package, pkg-config).
#   make install-c PREFIX=<dir> [C_PROFILE=release|debug]   install header, libraries, authlete.pc, CMake config
#   make generate-c                                         regenerate include/authlete.h (cbindgen)
#   make test-c                                             lint, header freshness, install into target/, build
#                                                           the tests with CMake and pkg-config, run them all
#                                                           (shared cases included) under valgrind
#   make demo-c                                             quickstart.c and quickstart.cpp against $AUTHLETE_SERVER_URL
C_TARGET := $(or $(CARGO_TARGET_DIR),$(ROOT)/target)
C_VERSION := $(VERSION)
C_PROFILE ?= release
PREFIX ?= /usr/local
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

install-c: c-lib
	@set -eu; prefix="$(abspath $(PREFIX))"; lib="$(C_TARGET)/$(C_PROFILE)"; \
	install -d "$$prefix/include" "$$prefix/lib/pkgconfig" "$$prefix/lib/cmake/authlete"; \
	install -m 644 $(ROOT)/include/authlete.h "$$prefix/include/authlete.h"; \
	install -m 755 "$$lib/libauthlete_c.so" "$$prefix/lib/libauthlete.so.$(C_VERSION)"; \
	ln -sfn "libauthlete.so.$(C_VERSION)" "$$prefix/lib/libauthlete.so.0"; \
	ln -sfn libauthlete.so.0 "$$prefix/lib/libauthlete.so"; \
	install -m 644 "$$lib/libauthlete_c.a" "$$prefix/lib/libauthlete.a"; \
	subst() { sed -e "s|@PREFIX@|$$prefix|g" -e "s|@VERSION@|$(C_VERSION)|g" \
	              -e "s|@VERSION_MAJOR@|$(firstword $(subst ., ,$(C_VERSION)))|g" "$$1" > "$$2"; }; \
	subst $(ROOT)/bindings/c/pkg/authlete.pc.in "$$prefix/lib/pkgconfig/authlete.pc"; \
	subst $(ROOT)/bindings/c/pkg/authleteConfig.cmake.in "$$prefix/lib/cmake/authlete/authleteConfig.cmake"; \
	subst $(ROOT)/bindings/c/pkg/authleteConfigVersion.cmake.in "$$prefix/lib/cmake/authlete/authleteConfigVersion.cmake"; \
	echo "installed libauthlete $(C_VERSION) into $$prefix"

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
	  $$(pkg-config --cflags --static --libs authlete | sed 's/-lauthlete/-l:libauthlete.a/') \
	  -o $(C_TEST_BUILD)/static_pkgconfig
	tests/with-emulator.sh bash -c '\
	  ctest --test-dir $(C_TEST_BUILD)/cmake --output-on-failure && \
	  $(C_TEST_BUILD)/quickstart_pkgconfig >/dev/null && $(C_TEST_BUILD)/static_pkgconfig && \
	  echo "c: pkg-config consumers (shared and static) ok"'

demo-c:
	$(MAKE) --no-print-directory install-c PREFIX=$(C_TARGET)/c-demo C_PROFILE=debug >/dev/null
	PKG_CONFIG_PATH=$(C_TARGET)/c-demo/lib/pkgconfig; export PKG_CONFIG_PATH; \
	flags="$$(pkg-config --cflags --libs authlete) -Wl,-rpath,$$(pkg-config --variable=libdir authlete)"; \
	cc -std=c99 -Wall $(ROOT)/bindings/c/examples/quickstart.c $$flags -o $(C_TARGET)/c-demo/quickstart; \
	c++ -std=c++17 -Wall $(ROOT)/bindings/c/examples/quickstart.cpp $$flags -o $(C_TARGET)/c-demo/quickstart_cpp; \
	$(C_TARGET)/c-demo/quickstart && $(C_TARGET)/c-demo/quickstart_cpp

TEST_TARGETS += test-c
DEMO_TARGETS += demo-c
