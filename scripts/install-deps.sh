#!/usr/bin/env bash
# Installs what building tracker needs on Debian: libcmark's headers and pkg-config file.
set -euo pipefail
if pkg-config --exists libcmark 2>/dev/null; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
echo "Installing libcmark-dev (needed to build tracker)..."
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libcmark-dev pkg-config
