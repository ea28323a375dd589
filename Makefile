# The two quick-start commands: `make site` builds the example tracker into public/,
# `make test` runs every test. Both install what is missing on Debian.

SWIFT ?= swift

# The virtual environment scripts/install-test-deps.sh makes where the system's python3 takes no pip packages
# (PEP 668), else python3. Looked at when a recipe runs, after test-deps.
PYTHON ?= $(shell if [ -x .build/test-venv/bin/python ]; then echo .build/test-venv/bin/python; else echo python3; fi)

PREFIX ?= /usr/local

.PHONY: site test deps swift-deps test-deps browser-test screenshots release install install-check fuzz sanitize asan tsan tsan-core

swift-deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-test-deps.sh

site: swift-deps
	$(SWIFT) build
	.build/debug/tracker build

test: swift-deps test-deps
	$(SWIFT) build
	$(SWIFT) test
	$(PYTHON) -m pytest Tests/browser Tests/html

# The browser and HTML tests alone (they build the example site with .build/debug/tracker).
browser-test: swift-deps test-deps
	$(SWIFT) build
	$(PYTHON) -m pytest Tests/browser Tests/html

# Regenerates the committed screenshots/ (SCREENSHOTS_DIR writes them elsewhere); `make test` never writes them.
screenshots: swift-deps test-deps
	$(SWIFT) build
	$(PYTHON) -m pytest -m screenshots Tests/browser/test_screenshots.py

# A release binary that runs without Swift: the Swift runtime and Foundation linked in
# (--static-swift-stdlib), and libcmark too. SwiftPM takes libcmark's link flags from pkg-config,
# so the release build reads a copy of libcmark.pc whose libdir is .build/static-libs, where only
# libcmark.a is: `-lcmark` then finds the archive, not libcmark.so. The debug build is untouched.
# libxml2 (the output check) stays a shared library, as Foundation's XML support links it, but its pkg-config
# file names the system's library folder (-L/usr/lib/...), which SwiftPM passes on before .build/static-libs:
# `-lcmark` then found libcmark.so. The copy there says only -lxml2.
STATIC_LIBS := $(CURDIR)/.build/static-libs

release: swift-deps
	@mkdir -p $(STATIC_LIBS)
	@ln -sf "$$(pkg-config --variable=libdir libcmark)/libcmark.a" $(STATIC_LIBS)/libcmark.a
	@sed 's#^libdir=.*#libdir=$(STATIC_LIBS)#' "$$(pkg-config --variable=pcfiledir libcmark)/libcmark.pc" > $(STATIC_LIBS)/libcmark.pc
	@sed 's#^Libs:.*#Libs: -lxml2#' "$$(pkg-config --variable=pcfiledir libxml-2.0)/libxml-2.0.pc" > $(STATIC_LIBS)/libxml-2.0.pc
	PKG_CONFIG_PATH=$(STATIC_LIBS) $(SWIFT) build -c release --product tracker --static-swift-stdlib

# Installs $(PREFIX)/bin/tracker (PREFIX=$$HOME/.local needs no root).
install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 .build/release/tracker $(DESTDIR)$(PREFIX)/bin/tracker

# Installs into a temporary PREFIX, then checks the binary needs no Swift library and no libcmark.so,
# and builds the example tracker with it from another folder. A release build takes minutes, so
# this is not part of `make test`.
install-check:
	scripts/install-check.sh

# libFuzzer targets (Fuzz/): each runs FUZZ_SECONDS (60) from its committed corpus; see Fuzz/run.sh.
FUZZ_SECONDS ?= 60
fuzz: swift-deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) SWIFT=$(SWIFT) Fuzz/run.sh

# The Swift tests under AddressSanitizer and ThreadSanitizer, each in its own build folder so the normal
# .build is untouched. SANITIZE_FILTER (a --filter pattern) narrows them: CI runs tsan on CORE_SUITES.
CORE_SUITES = TrackerCoreTests|TrackerPreviewTests
SANITIZE_FILTER ?=
SANITIZE_ARGS = $(if $(SANITIZE_FILTER),--filter '$(SANITIZE_FILTER)',)
asan: swift-deps
	$(SWIFT) test --sanitize=address --scratch-path .build-asan $(SANITIZE_ARGS)

tsan: swift-deps
	TSAN_OPTIONS="halt_on_error=1 $$TSAN_OPTIONS" $(SWIFT) test --sanitize=thread --scratch-path .build-tsan $(SANITIZE_ARGS)

sanitize: asan tsan

# CI's bounded reliability steps: the core suites under ThreadSanitizer.
tsan-core:
	$(MAKE) tsan SANITIZE_FILTER='$(CORE_SUITES)'
