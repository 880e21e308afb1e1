# runbook: build, test and install. Every target installs what it needs on a fresh Debian
# machine (apt packages when missing; Python checkers in a virtualenv under .build/), so a
# new clone needs nothing by hand.

PREFIX ?= /usr/local
SWIFT ?= swift
SAMPLE ?= samples/guide-two-node.yaml

# Debian packages: libxml2 and pkg-config to build; the DocBook 5 schema for validation.
APT_PACKAGES := libxml2-dev pkg-config docbook5-xml python3-venv
# Independent checkers from PyPI, kept out of the system Python.
VENV := .build/tools/venv
PIP_PACKAGES := check-jsonschema

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BINARY := .build/debug/runbook

.PHONY: all build run test lint install uninstall clean deps tools schema check-samples

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

## run: the main job on a bundled sample.
run: build
	$(BINARY) validate $(SAMPLE)
	$(BINARY) plan $(SAMPLE)

## test: the whole suite, then the samples against the JSON Schema with an independent validator.
test: deps tools
	$(SWIFT) test
	$(MAKE) --no-print-directory check-samples lint

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
