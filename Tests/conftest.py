"""Shared fixtures for the Python test suites (Tests/browser, Tests/html): a fresh build
of the example site, made by the test run itself with the tracker binary."""

from pathlib import Path

import pytest

from sitebuild import build_site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The example site built into a temporary folder, once per test run."""
    return build_site(tmp_path_factory.mktemp("site") / "public")
