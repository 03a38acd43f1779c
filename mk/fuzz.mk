# Fuzzing (fuzz/, cargo-fuzz layout; see fuzz/README.md).
#   make test-fuzz-corpus             (part of make test, stable) every committed input of
#                                     fuzz/corpus/ and fuzz/regressions/ through the targets
#   make fuzz [FUZZ_SECONDS=600]      nightly + cargo-fuzz (installed when missing), each target
#                                     in turn for FUZZ_SECONDS, one process, nice'd; then the
#                                     corpus is minimised (cargo fuzz cmin: edges, set cover);
#                                     logs in $(FUZZ_LOGS)
#   make fuzz-inputs                  the initial inputs (fuzz/initial_inputs.py against the emulator)
#                                     into fuzz/initial/, which make fuzz reads when present
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= decode_response call_by_name c_api parsers
FUZZ_LOGS := $(ROOT)/target/fuzz-logs
FUZZ_MANIFEST := $(ROOT)/fuzz/Cargo.toml

.PHONY: test-fuzz-corpus fuzz fuzz-tools fuzz-inputs

# The harness has no libFuzzer dependency: this builds on stable, sharing target/ with the
# workspace (fuzz/ is a workspace of its own, kept out of the main one).
test-fuzz-corpus: setup
	$(CARGO) fmt --manifest-path $(FUZZ_MANIFEST) -p authlete-fuzz -p authlete-fuzz-harness --check
	CARGO_TARGET_DIR=$(or $(CARGO_TARGET_DIR),$(ROOT)/target) \
	  $(CARGO) test -j 2 --manifest-path $(FUZZ_MANIFEST) -p authlete-fuzz-harness

fuzz-tools:
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked

fuzz-inputs: emulator
	rm -rf $(ROOT)/fuzz/initial
	tests/with-emulator.sh $(PYTHON) fuzz/initial_inputs.py $(ROOT)/fuzz/initial

# One target at a time (never parallel jobs: the machine is shared), each for FUZZ_SECONDS,
# new inputs into fuzz/corpus/<target>; a crash stops here with its input in
# fuzz/artifacts/<target>/ (make it a regression input: fuzz/README.md).
fuzz: fuzz-tools
	mkdir -p $(FUZZ_LOGS)
	cd $(ROOT)/fuzz && for t in $(FUZZ_TARGETS); do \
	  mkdir -p corpus/$$t; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s (log: $(FUZZ_LOGS)/$$t.log)"; \
	  nice -n 10 cargo +nightly fuzz run $$t corpus/$$t $$(test -d initial/$$t && echo initial/$$t) -- \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 >$(FUZZ_LOGS)/$$t.log 2>&1 \
	    || { tail -n 60 $(FUZZ_LOGS)/$$t.log; exit 1; }; \
	  grep -E '^(Done|stat::number_of_executed_units)' $(FUZZ_LOGS)/$$t.log || true; \
	  nice -n 10 cargo +nightly fuzz cmin $$t corpus/$$t -- -use_counters=0 -set_cover_merge=1 >>$(FUZZ_LOGS)/$$t.log 2>&1; \
	  echo "fuzz: $$t corpus minimised to $$(ls corpus/$$t | wc -l) inputs"; \
	done

TEST_TARGETS += test-fuzz-corpus
