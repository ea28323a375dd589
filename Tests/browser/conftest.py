"""Fixtures for the browser tests: the built example site served over loopback by Python's
http.server, and headless Chromium sessions (with and without JavaScript)."""

import functools
import http.server
import threading
from pathlib import Path

import pytest

from support import Page, QuietHandler, make_driver, set_color_scheme, set_viewport


@pytest.fixture(scope="session")
def base_url(built_site: Path):
    """The built site, served on a free loopback port."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


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
    set_viewport(browser, 1280, 900)
    set_color_scheme(browser, "light")
    return Page(browser, base_url)
