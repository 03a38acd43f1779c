# Benchmarks (bench/): our Rust, C, Python (sync, asyncio), Node and Kotlin libraries, the
# official peers (PyPI authlete 1.3.0, npm @authlete/typescript-sdk 0.0.3-beta, Maven
# authlete-java-common) and a raw reqwest loop (the limit), against bench-server (fixed
# responses) on loopback, server and client pinned to different CPUs.
#   make bench          release builds, peers installed into bench/.peers, 5 runs of the
#                       issue's counts (BENCH_SCALE=0.1 for a quicker run, BENCH_RUNS=N),
#                       writes bench/RESULTS.md and its chart, bench/RESULTS.svg (calls/s per
#                       client and workload)
#   make bench-smoke    (part of make test) debug builds, a few iterations, one run, no speed
#                       assertions: every one of our clients must complete every workload
#   make bench-peers    only install the peers
#   make bench-boundary the JVM boundary microbenchmark (bench/boundary/): one native crossing
#                       through uniffi-style JNA, primitives-only JNA, JNI and FFM, on JDK 17
#                       and 25; prints markdown tables for bench/BOUNDARY.md (not part of
#                       make bench or make test)
BENCH_DIR := $(ROOT)/bench
BENCH_PEERS := $(BENCH_DIR)/.peers
BENCH_PROFILE ?= release
BENCH_WORK ?= $(BENCH_DIR)/.work
BENCH_CARGO_DIR := $(ROOT)/target/$(if $(filter release,$(BENCH_PROFILE)),release,debug)
BENCH_CARGO_FLAG := $(if $(filter release,$(BENCH_PROFILE)),--release)

.PHONY: bench bench-boundary bench-smoke bench-peers bench-build bench-build-rust bench-build-c bench-build-python \
  bench-build-node bench-build-kotlin

bench-peers:
	$(BENCH_DIR)/peers.sh $(BENCH_PEERS) $(BENCH_WORK)

bench-build-rust:
	$(CARGO) build -j 2 $(BENCH_CARGO_FLAG) -p authlete-bench
	mkdir -p $(BENCH_WORK)/bin
	cp $(BENCH_CARGO_DIR)/bench-server $(BENCH_CARGO_DIR)/bench-rust $(BENCH_WORK)/bin/

bench-build-c: c-deps
	$(MAKE) --no-print-directory install-c PREFIX=$(BENCH_WORK)/c C_PROFILE=$(BENCH_PROFILE) >/dev/null
	mkdir -p $(BENCH_WORK)/bin
	cc -O2 -std=c11 -Wall -Wextra -Werror -I$(BENCH_WORK)/c/include $(BENCH_DIR)/clients/bench.c \
	  -L$(BENCH_WORK)/c/lib -lauthlete -Wl,-rpath,$(BENCH_WORK)/c/lib -lpthread -o $(BENCH_WORK)/bin/bench_c

# Our wheel in its own venv: the release wheel (what `pip install ./python` builds), or the
# dev profile for the smoke.
bench-build-python:
	@test -x $(BENCH_WORK)/py-ours/bin/python || $(PYTHON) -m venv $(BENCH_WORK)/py-ours
	cd $(ROOT) && MATURIN_PEP517_ARGS="$(if $(filter release,$(BENCH_PROFILE)),,--profile dev)" \
	  $(BENCH_WORK)/py-ours/bin/pip install -q --force-reinstall ./python

# The addon goes to the work dir (node/native keeps the test build); AUTHLETE_NODE_ADDON
# points our package at it.
bench-build-node:
	cd $(NODE_DIR) && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; }
	cd $(NODE_DIR) && npx napi build --manifest-path ../bindings/node/Cargo.toml \
	  --output-dir $(BENCH_WORK)/node-native $(BENCH_CARGO_FLAG)

# The jar is built from a copy of kotlin/ (its target/ stays the tests'), with the native
# library of the chosen profile; the classpath is the jar plus its Maven dependencies.
bench-build-kotlin: kotlin-native
	$(CARGO) build -j 2 $(BENCH_CARGO_FLAG) -p authlete-uniffi --lib
	mkdir -p $(BENCH_WORK)/kotlin-native $(BENCH_WORK)/jvm/ours
	strip --strip-debug -o $(BENCH_WORK)/kotlin-native/libauthlete_uniffi.so $(BENCH_CARGO_DIR)/libauthlete_uniffi.so
	rm -rf $(BENCH_WORK)/kotlin-src && mkdir -p $(BENCH_WORK)/kotlin-src
	cp -r $(KOTLIN_DIR)/pom.xml $(KOTLIN_DIR)/src $(BENCH_WORK)/kotlin-src/
	$(MVN) -f $(BENCH_WORK)/kotlin-src/pom.xml -B -q -Dstyle.color=never \
	  -Dnative.lib.dir=$(BENCH_WORK)/kotlin-native -Duniffi.gen.dir=$(KOTLIN_GEN_DIR) -DskipTests -Dmaven.test.skip=true package \
	  dependency:build-classpath -Dmdep.outputFile=$(BENCH_WORK)/jvm/ours.cp -Dmdep.includeScope=runtime
	javac -nowarn -d $(BENCH_WORK)/jvm/ours \
	  -cp $(BENCH_WORK)/kotlin-src/target/authlete-kotlin-$(VERSION).jar:$$(cat $(BENCH_WORK)/jvm/ours.cp) \
	  $(BENCH_DIR)/jvm/Bench.java $(BENCH_DIR)/jvm/OursCalls.java
	echo "$(BENCH_WORK)/jvm/ours:$(BENCH_WORK)/kotlin-src/target/authlete-kotlin-$(VERSION).jar:$$(cat $(BENCH_WORK)/jvm/ours.cp)" \
	  > $(BENCH_WORK)/jvm/ours.args

bench-build: bench-build-rust bench-build-c bench-build-python bench-build-node bench-build-kotlin

bench: setup
	$(MAKE) --no-print-directory bench-build bench-peers BENCH_PROFILE=release
	BENCH_WORK=$(BENCH_WORK) $(PYTHON) $(BENCH_DIR)/run.py --out $(BENCH_DIR)/RESULTS.md

# Writes its tables to $(BENCH_WORK)/boundary/BOUNDARY-tables.md as well as stdout.
bench-boundary:
	mkdir -p $(BENCH_WORK)/boundary
	BOUNDARY_WORK=$(BENCH_WORK)/boundary $(BENCH_DIR)/boundary/run.sh | tee $(BENCH_WORK)/boundary/BOUNDARY-tables.md

# The smoke: debug builds in target/bench-smoke, one short run; fails if any of our clients
# fails a workload; a peer that cannot be installed is reported, not faked.
bench-smoke: setup
	$(MAKE) --no-print-directory bench-build bench-peers BENCH_PROFILE=debug BENCH_WORK=$(ROOT)/target/bench-smoke
	BENCH_WORK=$(ROOT)/target/bench-smoke $(PYTHON) $(BENCH_DIR)/run.py --smoke \
	  --out $(ROOT)/target/bench-smoke/SMOKE.md
	$(PYTHON) -m py_compile $(BENCH_DIR)/run.py $(BENCH_DIR)/report.py $(BENCH_DIR)/fixtures.py

TEST_TARGETS += bench-smoke
