#!/usr/bin/env bash
# Installs what building tracker needs on Debian: libcmark's headers and pkg-config file, libxml2's (the check
# of the output's XML files calls it), and libcurl's (Foundation's URLSession, which `tracker check --links` uses,
# links it in a --static-swift-stdlib release).
set -euo pipefail
if pkg-config --exists libcmark libcurl libxml-2.0 2>/dev/null; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
echo "Installing libcmark-dev, libxml2-dev and libcurl4-openssl-dev (needed to build tracker)..."
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libcmark-dev libxml2-dev libcurl4-openssl-dev pkg-config
