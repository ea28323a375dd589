"""Helpers for the browser tests: the pages covered, a headless Chromium (Debian's chromium
and chromium-driver) driven by Selenium, emulation of viewports and colour schemes, and what
the browser logged. Install what they need with scripts/install-test-deps.sh."""

import contextlib
import functools
import http.server
import json
import threading
import os
import shutil

import pytest

# Selenium Manager must never try to download a driver or a browser: these tests run offline.
os.environ.setdefault("SE_OFFLINE", "true")

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import (  # noqa: E402
    JavascriptException, StaleElementReferenceException, TimeoutException,
)
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

# The pages the tests cover, one of each type, by name (the name is used for screenshots).
PAGES = {
    "home": "/",
    "incidents": "/incidents/",
    "incident": "/incidents/pk-x-block-2024/",
    "timeline": "/timeline/",
    "sources": "/sources/",
    "source": "/sources/dailytimes-2024-02-10/",
    "countries": "/countries/",
    "country": "/countries/pk/",
    "platform": "/platforms/x/",
    "about": "/about/",
    "search": "/search/?q=election",
    "cases": "/cases/",
    "case": "/cases/shc-internet-access-orders/",
}
# Pages that are not in PAGES but must still load cleanly.
OTHER_PAGES = {
    "platforms": "/platforms/",
    "methodology": "/methodology/",
    "resolved-incident": "/incidents/pk-election-mobile-shutdown-2024/",
    "not-found": "/404.html",
}


def _find(names, env):
    if os.environ.get(env):
        return os.environ[env]
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    pytest.fail(f"none of {', '.join(names)} found: run scripts/install-test-deps.sh (or set {env})", pytrace=False)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(folder):
    """Serves a built site on a free loopback port; yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def make_driver(javascript: bool = True) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = _find(["chromium", "chromium-browser", "google-chrome"], "CHROME_BIN")
    for argument in [
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1280,900", "--hide-scrollbars", "--force-color-profile=srgb",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-default-apps", "--disable-extensions",
        "--lang=en-GB", "--font-render-hinting=none",
    ]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    service = Service(executable_path=_find(["chromedriver", "chromium-driver"], "CHROMEDRIVER"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


def set_viewport(driver, width: int, height: int, mobile: bool = False):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


def set_color_scheme(driver, scheme: str, media: str = ""):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"media": media, "features": [{"name": "prefers-color-scheme", "value": scheme}]})


class Page:
    """A loaded page, with what the browser logged while loading it."""

    def __init__(self, driver, base_url: str):
        self.driver = driver
        self.base_url = base_url
        self.console = []
        self.failed_requests = []

    def open(self, path: str) -> "Page":
        self.driver.get_log("browser")  # reading a log empties it: start from a clean slate
        self.driver.get_log("performance")
        self.driver.get(self.base_url + path)
        wait_until_loaded(self.driver)
        self.console = self.driver.get_log("browser")
        self.failed_requests = failed_requests(self.driver.get_log("performance"))
        return self

    @property
    def url(self) -> str:
        return self.driver.current_url

    def path(self) -> str:
        return self.driver.current_url[len(self.base_url):]



def desktop_page(driver, base_url: str) -> "Page":
    """The browser at 1280 px in the light scheme, ready to open a path of the site at `base_url`."""
    set_viewport(driver, 1280, 900)
    set_color_scheme(driver, "light")
    return Page(driver, base_url)

def wait_until_loaded(driver):
    WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")
    # Let deferred scripts and the search index fetch settle.
    WebDriverWait(driver, 15).until(lambda d: d.execute_script(
        "return performance.getEntriesByType('resource').every(function (r) { return r.responseEnd > 0; })"))


# What a read may hit while the page is being replaced by another (a reload, a link followed): the
# read is simply made again on the next poll.
RETRIED = (StaleElementReferenceException, JavascriptException)


def wait_until(driver, condition, message: str, timeout: float = 5, poll: float = 0.05):
    """Polls `condition(driver)` until it is true; fails with `message` at the deadline."""
    return WebDriverWait(driver, timeout, poll_frequency=poll, ignored_exceptions=RETRIED).until(condition, message)


def eventually_equal(driver, read, expected, timeout: float = 5, poll: float = 0.05):
    """Polls `read(driver)` until it equals `expected`; at the deadline, fails showing the last value read.
    For states the page reaches on its own after an action (a script's timer, a navigation)."""
    seen = []

    def matches(d):
        seen[:] = [read(d)]
        return seen[0] == expected

    try:
        WebDriverWait(driver, timeout, poll_frequency=poll, ignored_exceptions=RETRIED).until(matches)
    except TimeoutException:
        pass
    assert seen and seen[0] == expected, f"after {timeout} s: {seen[0] if seen else 'nothing read'!r} != {expected!r}"


def text_of(driver, selector: str) -> str:
    """The rendered text of the first element matching `selector` ('' when there is none), read in one
    script call, so it never refers to an element of a page that has since been replaced."""
    return driver.execute_script(
        "var e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : '';", selector)


def texts_of(driver, selector: str, visible_only: bool = False) -> list:
    """The rendered text of every element matching `selector`, in one script call."""
    return driver.execute_script(
        "var visibleOnly = arguments[1];"
        "return Array.from(document.querySelectorAll(arguments[0]))"
        ".filter(function (e) { return !visibleOnly || e.checkVisibility(); })"
        ".map(function (e) { return e.innerText.trim(); });", selector, visible_only)


def failed_requests(performance_log):
    """Every request that failed or answered 4xx/5xx, from Chromium's network events."""
    failures = []
    for entry in performance_log:
        message = json.loads(entry["message"])["message"]
        method, params = message.get("method"), message.get("params", {})
        if method == "Network.responseReceived" and params["response"]["status"] >= 400:
            failures.append(f"{params['response']['status']} {params['response']['url']}")
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            failures.append(f"{params.get('errorText')} (request {params.get('requestId')})")
    return failures


def axe_script() -> str:
    """The newest axe-core script installed: axe-playwright-python's (current axe-core 4.x),
    else axe-selenium-python's own, which is axe-core 3.1 and wrong about valid modern HTML.
    AXE_SCRIPT names another file."""
    import importlib.util
    if os.environ.get("AXE_SCRIPT"):
        return os.environ["AXE_SCRIPT"]
    for package, relative in [("axe_playwright_python", "axe.min.js"),
                              ("axe_selenium_python", os.path.join("node_modules", "axe-core", "axe.min.js"))]:
        spec = importlib.util.find_spec(package)
        if spec and spec.submodule_search_locations:
            path = os.path.join(list(spec.submodule_search_locations)[0], relative)
            if os.path.isfile(path):
                with open(path, encoding="utf-8") as script:
                    if script.read(20).startswith("/*! axe v4"):
                        return path
    pytest.fail("no axe-core 4 script found: run scripts/install-test-deps.sh (or set AXE_SCRIPT)", pytrace=False)
