# The two quick-start commands: `make site` builds the example tracker into public/,
# `make test` runs every test. Both install what is missing on Debian.

SWIFT ?= swift

.PHONY: site test deps swift-deps

swift-deps:
	@scripts/install-deps.sh

site: swift-deps
	$(SWIFT) build
	.build/debug/tracker build

test: swift-deps
	$(SWIFT) build
	$(SWIFT) test
