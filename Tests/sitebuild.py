"""Builds the example site with the tracker binary, for the Python test suites."""

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def tracker_binary() -> Path:
    binary = Path(os.environ.get("TRACKER_BIN", REPO / ".build" / "debug" / "tracker"))
    if not binary.is_file():
        pytest.fail(f"{binary} does not exist: run `swift build` first (or set TRACKER_BIN)", pytrace=False)
    return binary


def build_site(output: Path, *extra: str, site: Path = REPO) -> Path:
    """Builds the example site (content/ at the repository root), or another `site`, into `output`."""
    result = subprocess.run(
        [str(tracker_binary()), "build", "--site", str(site), "--output", str(output), *extra],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, f"tracker build failed:\n{result.stdout}\n{result.stderr}"
    return output
