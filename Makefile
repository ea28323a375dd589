# The two quick-start commands: `make site` builds the example tracker into public/,
# `make test` runs every test. Both install what is missing on Debian.

SWIFT ?= swift

PYTHON ?= python3

PREFIX ?= /usr/local

.PHONY: site test deps swift-deps test-deps browser-test screenshots release install install-check

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
# (--static-swift-stdlib), and libcmark too. The linker looks in .build/static-libs first, where
# only libcmark.a is, so `-lcmark` takes the archive there instead of libcmark.so; the debug
# build is untouched.
STATIC_LIBS := $(CURDIR)/.build/static-libs

release: swift-deps
	@mkdir -p $(STATIC_LIBS)
	@ln -sf "$$(pkg-config --variable=libdir libcmark)/libcmark.a" $(STATIC_LIBS)/libcmark.a
	$(SWIFT) build -c release --product tracker --static-swift-stdlib -Xlinker -L$(STATIC_LIBS)

# Installs $(PREFIX)/bin/tracker (PREFIX=$$HOME/.local needs no root).
install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 .build/release/tracker $(DESTDIR)$(PREFIX)/bin/tracker

# Installs into a temporary PREFIX, then checks the binary needs no Swift library and no libcmark.so,
# and builds the example tracker with it from another folder. A release build takes minutes, so
# this is not part of `make test`.
install-check:
	scripts/install-check.sh
