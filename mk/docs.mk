# API reference of every language, into $(DOCS_DIR)/<lang>/ (index.html in each); every tool
# fails on a warning.
#   make docs          all of the below
#   make docs-rust     rustdoc of the core (crate authlete), RUSTDOCFLAGS=-D warnings
#   make docs-python   pdoc over the installed package authlete_sdk and authlete_sdk.testing
#                      (Google-style docstrings, the .pyi stubs' signatures); pdoc from pip
#                      into python/.venv
#   make docs-node     TypeDoc (npm devDependency) over the package's .d.ts entry points
#                      (node/typedoc.json, treatWarningsAsErrors)
#   make docs-c        Doxygen (Debian package, installed when missing) over include/authlete.h,
#                      failing on any warning (an undocumented declaration, or a
#                      function that documents some of its parameters but not all)
#   make docs-kotlin   Dokka (dokka-maven-plugin, kotlin/pom.xml's dokka.version, the one its
#                      release build makes the javadoc jar with) over the Kotlin sources and the
#                      uniffi-generated ones, failOnWarning (kotlin/pom.xml, profile `docs`).
#                      Dokka 2.0 does not check KDoc links; 2.2 (DOKKA_VERSION=2.2.0) does.
DOCS_DIR ?= $(ROOT)/target/docs
DOCS_CARGO_TARGET := $(or $(CARGO_TARGET_DIR),$(ROOT)/target)
DOKKA_VERSION ?= $(shell sed -n 's:.*<dokka.version>\(.*\)</dokka.version>.*:\1:p' $(ROOT)/kotlin/pom.xml)

.PHONY: docs docs-rust docs-python docs-node docs-c docs-kotlin

docs: docs-rust docs-python docs-node docs-c docs-kotlin
	@echo "make docs: API references in $(DOCS_DIR)/{rust,python,node,c,kotlin}/index.html"

docs-rust:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc -j 2 -p authlete --no-deps
	rm -rf $(DOCS_DIR)/rust && mkdir -p $(DOCS_DIR)/rust
	cp -r $(DOCS_CARGO_TARGET)/doc/. $(DOCS_DIR)/rust/
	printf '<meta http-equiv="refresh" content="0; url=authlete/index.html">\n' > $(DOCS_DIR)/rust/index.html

# pdoc imports the package: the installed one, with its native module (python-install).
# -W error: a warning pdoc gives (a docstring it cannot read, an annotation it cannot
# resolve) fails the target.
docs-python: python-install
	@$(PY) -c "import pdoc" 2>/dev/null || $(PY) -m pip install -q "pdoc>=15,<17"
	rm -rf $(DOCS_DIR)/python
	mkdir -p $(DOCS_DIR) && cd $(DOCS_DIR) && $(PY) -W error -m pdoc --docformat google -o $(DOCS_DIR)/python authlete_sdk authlete_sdk.testing

docs-node: node-deps
	rm -rf $(DOCS_DIR)/node
	cd $(NODE_DIR) && npx typedoc --logLevel Warn --out $(DOCS_DIR)/node

# FAIL_ON_WARNINGS: every warning is listed, then doxygen exits non-zero (YES would stop at the
# first one). No dot: the one include graph is not worth Graphviz.
docs-c:
	@command -v doxygen >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq doxygen; }
	rm -rf $(DOCS_DIR)/c && mkdir -p $(DOCS_DIR)/c
	printf '%s\n' "PROJECT_NAME=authlete" "PROJECT_NUMBER=$(VERSION)" \
	  "PROJECT_BRIEF=\"C binding of the Authlete client-management SDK\"" \
	  "INPUT=$(ROOT)/include/authlete.h $(ROOT)/bindings/c/README.md" \
	  "USE_MDFILE_AS_MAINPAGE=$(ROOT)/bindings/c/README.md" \
	  "OUTPUT_DIRECTORY=$(DOCS_DIR)/c" "HTML_OUTPUT=." "GENERATE_LATEX=NO" "HAVE_DOT=NO" \
	  "OPTIMIZE_OUTPUT_FOR_C=YES" "STRIP_FROM_PATH=$(ROOT)" "QUIET=YES" \
	  "WARN_IF_UNDOCUMENTED=YES" "WARN_AS_ERROR=FAIL_ON_WARNINGS" \
	  | doxygen -

# Dokka reads the uniffi-generated sources (kotlin-native writes them) through the source root
# build-helper adds in generate-sources.
docs-kotlin: kotlin-native
	rm -rf $(DOCS_DIR)/kotlin
	$(MVN) -f $(KOTLIN_DIR)/pom.xml $(MVN_FLAGS) -Ddokka.out.dir=$(DOCS_DIR)/kotlin \
	  generate-sources org.jetbrains.dokka:dokka-maven-plugin:$(DOKKA_VERSION):dokka

# Part of `make test`, so a doc comment that a tool warns about fails CI. The heavy
# prerequisites (python-install, node-deps, kotlin-native) are the language tests' own and run
# once per make: the API references themselves add about 2-3 minutes.
TEST_TARGETS += docs
