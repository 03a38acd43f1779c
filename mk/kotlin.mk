# Kotlin/JVM library (kotlin/, crate bindings/uniffi): the native library from cargo, the
# uniffi Kotlin sources (generated, committed, checked for freshness), then Maven (Kotlin,
# JNA, kotlinx-coroutines, JUnit 5 from Maven Central) builds the jar and runs the shared
# cases and the JVM tests against the emulator.
KOTLIN_DIR := $(ROOT)/kotlin
KOTLIN_NATIVE := $(ROOT)/target/debug/libauthlete_uniffi.so
# The library packaged into the jar: debug info stripped (the debug build is large:
# bench/OPTIMISATIONS.md, "Figures formerly in code comments").
KOTLIN_NATIVE_DIR := $(ROOT)/target/kotlin-native
KOTLIN_GEN_DIR := $(ROOT)/target/kotlin-gen
UNIFFI_BINDGEN := $(ROOT)/target/debug/uniffi-bindgen
MVN ?= mvn
MVN_FLAGS := -B -q -Dstyle.color=never -Dnative.lib.dir=$(KOTLIN_NATIVE_DIR) -Duniffi.gen.dir=$(KOTLIN_GEN_DIR)

.PHONY: kotlin-native check-kotlin-version test-kotlin \
  demo-kotlin dist-jvm test-jvm-jar

# The native library, and the uniffi Kotlin sources generated from its metadata into
# $(KOTLIN_GEN_DIR), one file per uniffi component: the core's types
# (com.authlete.sdk.models, configured by core/uniffi.toml) and the binding's client, calls and
# errors (com.authlete.sdk.ffi, bindings/uniffi/uniffi.toml; uniffi-bindgen finds each crate's
# configuration through cargo metadata). They are part of the build, like an OUT_DIR, and not
# committed: Maven compiles them from there (`uniffi.gen.dir`), and the sources and javadoc jars
# carry them. Always from this debug build: a release library's symbols, which hold the
# metadata, are stripped.
kotlin-native:
	$(CARGO) build -p authlete-uniffi --lib
	$(CARGO) build -p authlete-uniffi --features cli --bin uniffi-bindgen
	mkdir -p $(KOTLIN_NATIVE_DIR)
	strip --strip-debug -o $(KOTLIN_NATIVE_DIR)/libauthlete_uniffi.so $(KOTLIN_NATIVE)
	rm -rf $(KOTLIN_GEN_DIR)
	$(UNIFFI_BINDGEN) generate --library $(KOTLIN_NATIVE) --language kotlin --no-format \
	  --out-dir $(KOTLIN_GEN_DIR)

# The committed POM states the version Maven Central gets; it must be the workspace's.
check-kotlin-version:
	@v=$$($(PYTHON) -c 'import sys, xml.etree.ElementTree as E; \
	  print(E.parse(sys.argv[1]).getroot().findtext("{http://maven.apache.org/POM/4.0.0}version"))' \
	  $(KOTLIN_DIR)/pom.xml); \
	[ -n "$(VERSION)" ] && [ "$$v" = "$(VERSION)" ] \
	  || { echo "kotlin/pom.xml has version $$v, Cargo.toml's workspace '$(VERSION)': make them equal"; exit 1; }

test-kotlin: setup emulator kotlin-native check-kotlin-version
	$(CARGO) fmt -p authlete-uniffi --check
	$(CARGO) clippy -p authlete-uniffi --all-targets -- -D warnings
	$(CARGO) test -p authlete-uniffi --lib
	$(PYTHON) codegen/generate.py --check
	AUTHLETE_EMULATOR_TLS=1 tests/with-emulator.sh env -u AUTHLETE_AUTHLETE -u AUTHLETE_BEARER \
	  AUTHLETE_CASES_DIR=$(ROOT)/tests/cases $(MVN) -f $(KOTLIN_DIR)/pom.xml $(MVN_FLAGS) verify

demo-kotlin: kotlin-native
	$(MVN) -f $(KOTLIN_DIR)/pom.xml $(MVN_FLAGS) -DskipTests test-compile exec:java \
	  -Dexec.classpathScope=test -Dexec.mainClass=com.authlete.sdk.examples.ClientLifecycleKt

# What a release publishes to Maven Central, into $(DIST)/jvm: the jar with the native library
# of every Linux triple (from $(DIST_NATIVE)/<triple>/, the release's cross builds), its
# sources and javadoc jars and its POM. Tests are skipped: the aarch64 library cannot run here
# (make test-jvm-jar checks the result). Built from a copy of kotlin/, so kotlin/target stays
# the tests'. The jar's runtime dependencies go to $(JVM_DEPS) for test-jvm-jar. The work
# folders sit beside $(DIST), so builds into different DISTs do not share them.
JVM_DIST := $(DIST)/jvm
JVM_WORK := $(abspath $(DIST)/../target)
JVM_BUILD := $(JVM_WORK)/jvm-build
JVM_DEPS ?= $(JVM_WORK)/jvm-deps
JVM_ARTIFACT := authlete-kotlin-$(VERSION)
# A release jar carries both; make test-dist packs this machine's alone.
JVM_NATIVES ?= x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu

# The runtime dependencies as the published POM declares them, as a user's build gets them.
copy-jvm-deps = rm -rf $(JVM_DEPS) && $(MVN) -f $(1) -B -q -Dstyle.color=never \
  dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=$(JVM_DEPS)

dist-jvm: kotlin-native check-kotlin-version
	@missing=""; for t in $(JVM_NATIVES); do \
	  [ -f $(DIST_NATIVE)/$$t/libauthlete_uniffi.so ] || missing="$$missing $(DIST_NATIVE)/$$t/libauthlete_uniffi.so"; \
	done; \
	[ -z "$$missing" ] || { echo "dist-jvm: the release jar needs the native library of every Linux triple; missing:$$missing"; \
	  echo "  build each with 'cargo build --release -p authlete-uniffi --lib --target <triple>'" \
	    "and copy its libauthlete_uniffi.so into $(DIST_NATIVE)/<triple>/ (or set DIST_NATIVE)"; exit 1; }
	rm -rf $(JVM_BUILD) && mkdir -p $(JVM_BUILD)
	cp -r $(KOTLIN_DIR)/pom.xml $(KOTLIN_DIR)/src $(JVM_BUILD)/
	$(MVN) -f $(JVM_BUILD)/pom.xml -B -q -Dstyle.color=never -Dnative.dist.dir=$(DIST_NATIVE) -Duniffi.gen.dir=$(KOTLIN_GEN_DIR) \
	  -Dnative.aarch64.skip=$(if $(filter aarch64-unknown-linux-gnu,$(JVM_NATIVES)),false,true) \
	  -Dmaven.test.skip=true package
	rm -rf $(JVM_DIST) && mkdir -p $(JVM_DIST)
	cp $(JVM_BUILD)/target/$(JVM_ARTIFACT).jar $(JVM_BUILD)/target/$(JVM_ARTIFACT)-sources.jar \
	  $(JVM_BUILD)/target/$(JVM_ARTIFACT)-javadoc.jar $(JVM_DIST)/
	cp $(JVM_BUILD)/pom.xml $(JVM_DIST)/$(JVM_ARTIFACT).pom
	$(call copy-jvm-deps,$(JVM_DIST)/$(JVM_ARTIFACT).pom)
	@ls -l $(JVM_DIST); echo "runtime dependencies: $(JVM_DEPS)"

# Checks the jar dist-jvm built, as a user gets it: both natives at JNA's paths, each for its
# machine (JVM_CHECK_NATIVE_ARCH=0 accepts a stand-in aarch64 library when packaging is all
# that is tested), then Java compiled against the jar and its runtime dependencies alone runs
# create + get against the emulator. Needs only unzip, od and a JDK when $(JVM_DEPS) is there
# (dist-jvm wrote it) and AUTHLETE_EMULATOR_BIN names a built emulator; else Maven and cargo.
JVM_JAR_TEST := $(JVM_WORK)/jvm-jar-test
JVM_CHECK_NATIVE_ARCH ?= 1

test-jvm-jar: $(if $(AUTHLETE_EMULATOR_BIN),,emulator)
	@test -f $(JVM_DIST)/$(JVM_ARTIFACT).jar || { echo "no $(JVM_DIST)/$(JVM_ARTIFACT).jar: run 'make dist-jvm' first"; exit 1; }
	rm -rf $(JVM_JAR_TEST) && mkdir -p $(JVM_JAR_TEST)/classes
	unzip -l $(JVM_DIST)/$(JVM_ARTIFACT).jar | grep -E 'lib[a-z_]+\.so$$'
	unzip -q $(JVM_DIST)/$(JVM_ARTIFACT).jar 'linux-*' -d $(JVM_JAR_TEST)/natives
	@# e_machine (ELF header bytes 18-19): 62 is x86-64, 183 is AArch64.
	@for e in linux-x86-64:62 linux-aarch64:183; do \
	  f=$${e%%:*}/libauthlete_uniffi.so; \
	  [ -f $(JVM_JAR_TEST)/natives/$$f ] || { echo "test-jvm-jar: $$f missing from the jar"; exit 1; }; \
	  m=$$(od -An -tu2 -j18 -N2 $(JVM_JAR_TEST)/natives/$$f | tr -d ' '); \
	  if [ "$$m" != "$${e##*:}" ]; then \
	    if [ "$(JVM_CHECK_NATIVE_ARCH)" = 1 ]; then \
	      echo "test-jvm-jar: $$f is built for ELF machine $$m, not $${e##*:} (a stand-in? a release needs the cross build)"; exit 1; fi; \
	    echo "test-jvm-jar: $$f is for ELF machine $$m, not $${e##*:} (accepted: JVM_CHECK_NATIVE_ARCH=0)"; \
	  fi; \
	done
	[ -d $(JVM_DEPS) ] || { $(call copy-jvm-deps,$(JVM_DIST)/$(JVM_ARTIFACT).pom); }
	javac -d $(JVM_JAR_TEST)/classes -cp "$(JVM_DIST)/$(JVM_ARTIFACT).jar:$(JVM_DEPS)/*" \
	  $(KOTLIN_DIR)/dist-test/Quickstart.java
	$(ROOT)/tests/with-emulator.sh env -u AUTHLETE_AUTHLETE -u AUTHLETE_BEARER \
	  java -cp "$(JVM_JAR_TEST)/classes:$(JVM_DIST)/$(JVM_ARTIFACT).jar:$(JVM_DEPS)/*" Quickstart

TEST_TARGETS += test-kotlin
DEMO_TARGETS += demo-kotlin
