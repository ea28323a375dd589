# The two quick-start commands: `make site` builds the example tracker into public/,
# `make test` runs every test. Both install what is missing on Debian.

SWIFT ?= swift

PYTHON ?= python3

.PHONY: site test deps swift-deps test-deps browser-test screenshots

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
