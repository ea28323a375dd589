"""Fixtures for the browser tests: the built example site served over loopback by Python's
http.server, and headless Chromium sessions (with and without JavaScript)."""

from pathlib import Path

import pytest

from support import desktop_page, make_driver, serve


@pytest.fixture(scope="session")
def base_url(built_site: Path):
    """The built site, served on a free loopback port."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    driver = make_driver()
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def browser_without_js():
    driver = make_driver(javascript=False)
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, base_url):
    """The shared browser at 1280 px in the light scheme, ready to open a path."""
    return desktop_page(browser, base_url)
