# macOS and Windows, from this Linux machine (not part of `make test`).
#   make check-platforms    cargo check and clippy -D warnings of the core, the emulator and every
#                           binding crate for each of PLATFORM_TRIPLES (macOS x86_64 and arm64,
#                           Windows GNU and MSVC); installs the targets and cross tools it lacks
#   make dist-windows [DIST_WINDOWS=<dir>]
#                           the Windows x86_64 C library (authlete.dll, its import library,
#                           the static library, authlete.def, the header) and the Python abi3
#                           wheel, linked with mingw-w64; default dir target/dist-windows
# Both build in PLATFORMS_TARGET_DIR, apart from target/ so they do not wait on other builds.
# What only a Mac or a Windows machine can do (linking against the Apple SDK, MSVC builds,
# signing, running the tests) is in RELEASING.md.
PLATFORM_TRIPLES ?= x86_64-apple-darwin aarch64-apple-darwin x86_64-pc-windows-gnu x86_64-pc-windows-msvc
PLATFORMS_TARGET_DIR ?= $(ROOT)/target/xcheck
PLATFORM_PACKAGES := -p authlete -p authlete-emulator -p authlete-python -p authlete-node -p authlete-c -p authlete-uniffi
DIST_WINDOWS ?= $(ROOT)/target/dist-windows
# The profile of `make dist`'s Linux artifacts (Cargo.toml).
WIN_PROFILE ?= dist
# zig, cargo-zigbuild and maturin: the release tools (make dist-tools, mk/dist.mk).
# napi's build script wants a libnode.dll for *-windows-gnu even when nothing is linked; a
# check needs only the name. (Node addons for Windows are built for MSVC, where napi finds
# Node's functions at run time and links nothing.)
PLATFORMS_LIBNODE := $(PLATFORMS_TARGET_DIR)/libnode-placeholder
PLATFORMS_MSVC_CC := $(PLATFORMS_TARGET_DIR)/msvc-check
PLATFORMS_ENV := CARGO_TARGET_DIR=$(PLATFORMS_TARGET_DIR) PATH="$(DIST_TOOLS)/bin:$$PATH" \
  ZIG_PYTHON=$(DIST_TOOLS)/bin/python LIBNODE_PATH=$(PLATFORMS_LIBNODE) \
  CC_x86_64_pc_windows_msvc=$(PLATFORMS_MSVC_CC)/cc CXX_x86_64_pc_windows_msvc=$(PLATFORMS_MSVC_CC)/c++ \
  AR_x86_64_pc_windows_msvc=$(PLATFORMS_MSVC_CC)/lib
WIN_GNU := x86_64-pc-windows-gnu

.PHONY: platform-tools check-platforms dist-windows

# Each piece only when missing: the Rust targets, mingw-w64 (Debian).
platform-tools: dist-tools
	@installed="$$(rustup target list --installed)"; \
	for t in $(PLATFORM_TRIPLES); do \
	  grep -qx "$$t" <<<"$$installed" || rustup target add "$$t"; \
	done
	@dpkg -s gcc-mingw-w64-x86-64 >/dev/null 2>&1 || { \
	  echo "installing: gcc-mingw-w64-x86-64"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc-mingw-w64-x86-64 >/dev/null; }
	@mkdir -p $(PLATFORMS_LIBNODE) $(PLATFORMS_MSVC_CC)
	@touch $(PLATFORMS_LIBNODE)/libnode.dll
	@for tool in cc c++ lib; do ln -sfn $(ROOT)/mk/platforms/zig-for-msvc-check $(PLATFORMS_MSVC_CC)/$$tool; done

# Apple targets go through cargo-zigbuild (zig compiles ring's C for macOS without the Apple
# SDK); Windows GNU uses mingw-w64's gcc, MSVC the zig wrapper above.
check-platforms: setup platform-tools
	@set -e; for t in $(PLATFORM_TRIPLES); do \
	  case "$$t" in *-apple-*) cargo=cargo-zigbuild ;; *) cargo="$(CARGO)" ;; esac; \
	  echo "== $$t: check, clippy"; \
	  $(PLATFORMS_ENV) $$cargo check -j 2 -q --target "$$t" $(PLATFORM_PACKAGES); \
	  $(PLATFORMS_ENV) $$cargo clippy -j 2 -q --target "$$t" $(PLATFORM_PACKAGES) --all-targets -- -D warnings; \
	done
	@echo "check-platforms: $(PLATFORM_TRIPLES) clean"

# The DLL is shipped as authlete.dll, so its import library is made for that name (a program
# linked against it looks for the DLL by the name in the import library); authlete.def lets
# MSVC users make their own (lib /def:authlete.def /machine:x64 /out:authlete.lib), and
# native-static-libs.txt lists the Windows libraries a program linking libauthlete.a needs.
# quickstart.exe is linked against both, as a check that the header and libraries fit.
dist-windows: setup platform-tools
	@set -eu; out="$(abspath $(DIST_WINDOWS))"; lib="$(PLATFORMS_TARGET_DIR)/$(WIN_GNU)/$(WIN_PROFILE)"; \
	install -d "$$out/c/bin" "$$out/c/lib" "$$out/c/include" "$$out/python" "$(PLATFORMS_TARGET_DIR)/dist-windows-check"; \
	$(PLATFORMS_ENV) $(CARGO) rustc -j 2 -q --locked --profile $(WIN_PROFILE) -p authlete-c --target $(WIN_GNU) -- --print native-static-libs \
	  2> >(tee "$(PLATFORMS_TARGET_DIR)/dist-windows-check/rustc.log" >&2); \
	sed -n 's/^note: native-static-libs: //p' "$(PLATFORMS_TARGET_DIR)/dist-windows-check/rustc.log" | tail -n 1 > "$$out/c/lib/native-static-libs.txt"; \
	test -s "$$out/c/lib/native-static-libs.txt"; \
	install -m 755 "$$lib/authlete_c.dll" "$$out/c/bin/authlete.dll"; \
	{ echo "LIBRARY authlete.dll"; echo "EXPORTS"; \
	  x86_64-w64-mingw32-nm -g --defined-only "$$lib/libauthlete_c.dll.a" | sed -n 's/^[0-9a-f]* I __imp_//p' | sort; \
	} > "$$out/c/lib/authlete.def"; \
	x86_64-w64-mingw32-dlltool -d "$$out/c/lib/authlete.def" -D authlete.dll -l "$$out/c/lib/libauthlete.dll.a"; \
	install -m 644 "$$lib/libauthlete_c.a" "$$out/c/lib/libauthlete.a"; \
	install -m 644 $(ROOT)/include/authlete.h "$$out/c/include/authlete.h"; \
	check="$(PLATFORMS_TARGET_DIR)/dist-windows-check"; \
	x86_64-w64-mingw32-gcc -std=c99 -Wall -Werror $(ROOT)/bindings/c/examples/quickstart.c -I"$$out/c/include" \
	  -L"$$out/c/lib" -lauthlete -o "$$check/quickstart-dll.exe"; \
	x86_64-w64-mingw32-gcc -std=c99 -Wall -Werror $(ROOT)/bindings/c/examples/quickstart.c -I"$$out/c/include" \
	  "$$out/c/lib/libauthlete.a" $$(cat "$$out/c/lib/native-static-libs.txt") -o "$$check/quickstart-static.exe"; \
	x86_64-w64-mingw32-objdump -p "$$check/quickstart-dll.exe" | grep -q "DLL Name: authlete.dll"; \
	rm -f "$$out"/python/authlete_sdk-*-win_amd64.whl; \
	cd $(ROOT)/python && $(PLATFORMS_ENV) maturin build -q --locked --profile $(WIN_PROFILE) --target $(WIN_GNU) --out "$$out/python"; \
	cd "$$out" && file c/bin/* c/lib/* python/*.whl
