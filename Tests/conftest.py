"""Shared fixtures for the Python test suites (Tests/browser, Tests/html): a fresh build
of the example site, made by the test run itself with the tracker binary."""

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


def build_site(output: Path, *extra: str) -> Path:
    result = subprocess.run(
        [str(tracker_binary()), "build", "--site", str(REPO), "--output", str(output), *extra],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, f"tracker build failed:\n{result.stdout}\n{result.stderr}"
    return output


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The example site (content/ at the repository root) built into a temporary folder."""
    return build_site(tmp_path_factory.mktemp("site") / "public")
