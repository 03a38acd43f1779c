# Kotlin/JVM library (kotlin/, crate bindings/uniffi): the native library from cargo, the
# uniffi Kotlin sources (generated, committed, checked for freshness), then Maven (Kotlin,
# JNA, kotlinx-coroutines, JUnit 5 from Maven Central) builds the jar and runs the shared
# cases and the JVM tests against the emulator.
KOTLIN_DIR := $(ROOT)/kotlin
KOTLIN_GEN := $(KOTLIN_DIR)/src/main/kotlin/com/authlete/sdk/models/authlete_uniffi.kt
KOTLIN_NATIVE := $(ROOT)/target/debug/libauthlete_uniffi.so
# The library packaged into the jar: debug info stripped (the debug build is 80 MB).
KOTLIN_NATIVE_DIR := $(ROOT)/target/kotlin-native
UNIFFI_BINDGEN := $(ROOT)/target/debug/uniffi-bindgen
MVN ?= mvn
MVN_FLAGS := -B -q -Dstyle.color=never -Dnative.lib.dir=$(KOTLIN_NATIVE_DIR)

.PHONY: kotlin-native kotlin-bindings check-kotlin-bindings test-kotlin demo-kotlin

kotlin-native:
	$(CARGO) build -p authlete-uniffi --lib
	$(CARGO) build -p authlete-uniffi --features cli --bin uniffi-bindgen
	mkdir -p $(KOTLIN_NATIVE_DIR)
	strip --strip-debug -o $(KOTLIN_NATIVE_DIR)/libauthlete_uniffi.so $(KOTLIN_NATIVE)

KOTLIN_GEN_FRESH := $(ROOT)/target/kotlin-gen/com/authlete/sdk/models/authlete_uniffi.kt

# The uniffi Kotlin sources from the native library's metadata, patched
# (codegen/patch_uniffi_kotlin.py), into target/kotlin-gen.
define generate-kotlin-bindings
	rm -rf $(ROOT)/target/kotlin-gen
	$(UNIFFI_BINDGEN) generate --library $(KOTLIN_NATIVE) --language kotlin --no-format \
	  --config $(ROOT)/bindings/uniffi/uniffi.toml --out-dir $(ROOT)/target/kotlin-gen
	$(PYTHON) $(ROOT)/codegen/patch_uniffi_kotlin.py $(KOTLIN_GEN_FRESH)
endef

# Regenerates the committed uniffi Kotlin sources.
kotlin-bindings: kotlin-native
	$(generate-kotlin-bindings)
	cp $(KOTLIN_GEN_FRESH) $(KOTLIN_GEN)

check-kotlin-bindings: kotlin-native
	$(generate-kotlin-bindings)
	@diff -q $(KOTLIN_GEN_FRESH) $(KOTLIN_GEN) \
	  || { echo "stale $(KOTLIN_GEN): run 'make kotlin-bindings'"; exit 1; }

test-kotlin: setup emulator check-kotlin-bindings
	$(CARGO) fmt -p authlete-uniffi --check
	$(CARGO) clippy -p authlete-uniffi --all-targets -- -D warnings
	$(PYTHON) codegen/generate.py --check
	tests/with-emulator.sh env -u AUTHLETE_AUTHLETE -u AUTHLETE_BEARER \
	  AUTHLETE_CASES_DIR=$(ROOT)/tests/cases $(MVN) -f $(KOTLIN_DIR)/pom.xml $(MVN_FLAGS) verify

demo-kotlin: kotlin-native
	$(MVN) -f $(KOTLIN_DIR)/pom.xml $(MVN_FLAGS) -DskipTests test-compile exec:java \
	  -Dexec.classpathScope=test -Dexec.mainClass=com.authlete.sdk.examples.ClientLifecycleKt

TEST_TARGETS += test-kotlin
DEMO_TARGETS += demo-kotlin
