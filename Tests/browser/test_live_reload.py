"""`tracker serve` in a real browser: an edit shows in the open page within a second, a broken
edit shows the error overlay and the fix clears it, and pages an edit did not change stay as they are."""

import re
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from sitebuild import REPO, tracker_binary
from support import text_of, wait_until

INCIDENT = "content/incidents/pk-x-block-2024.md"


class Server:
    """`tracker serve` on a site, on the port it is given (0: one it picks and reports). What it prints
    is read on a thread as it comes, so a test can wait for a line."""

    def __init__(self, site: Path, port: int = 0):
        self.process = subprocess.Popen(
            [str(tracker_binary()), "serve", "--site", str(site), "--port", str(port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines = []
        self.ended = False
        self.printed = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        try:
            address = self.wait_for(r"^Serving .* at (http://127\.0\.0\.1:(\d+))/$", timeout=60)
        except BaseException:
            self.stop()
            raise
        self.url, self.port = address.group(1), int(address.group(2))

    def _read(self):
        for line in self.process.stdout:
            with self.printed:
                self.lines.append(line.rstrip("\n"))
                self.printed.notify_all()
        with self.printed:
            self.ended = True
            self.printed.notify_all()

    def matches(self, pattern: str) -> list:
        with self.printed:
            return [match for match in map(re.compile(pattern).search, self.lines) if match]

    def wait_for(self, pattern: str, count: int = 1, timeout: float = 10) -> re.Match:
        """The `count`-th line matching `pattern`, once printed; fails at the deadline or if the server exits first."""
        deadline = time.monotonic() + timeout
        with self.printed:
            while True:
                found = [match for match in map(re.compile(pattern).search, self.lines) if match]
                if len(found) >= count:
                    return found[count - 1]
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self.ended:
                    log = "\n".join(self.lines)
                    pytest.fail(f"tracker serve {'exited' if self.ended else f'did not print it within {timeout} s'}: "
                                f"no line #{count} matching {pattern!r} in:\n{log}", pytrace=False)
                self.printed.wait(remaining)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        try:
            status = self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            status = self.process.wait()
        self.reader.join(timeout=15)
        return status


# The line `tracker serve` prints once a rebuild's new files are served and its update event is sent.
REBUILT = r"^Rebuilt in \d+ ms: [1-9]\d* files? changed"


@pytest.fixture
def served(tmp_path):
    """A copy of the example site, served by `tracker serve --port 0`; yields (site folder, server)."""
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    server = Server(site)
    try:
        yield site, server
    finally:
        server.stop()


def edit(site: Path, pattern: str, replacement: str):
    path = site / INCIDENT
    text, count = re.subn(pattern, replacement, path.read_text(encoding="utf-8"), count=1, flags=re.M)
    assert count == 1, f"{pattern!r} is not in {path}"
    path.write_text(text, encoding="utf-8")


def wait_for_listener(browser):
    """Until the page's script has heard the server's hello (its event stream is open)."""
    wait_until(browser, lambda driver: driver.execute_script("return !!window.__trackerLiveReload;"),
               "the page never heard the server's hello", timeout=10)


def overlay_text(browser) -> str:
    return browser.execute_script(
        "const host = document.getElementById('__tracker-overlay');"
        "return host && host.shadowRoot ? host.shadowRoot.textContent : '';")


def test_a_title_edit_shows_in_the_open_page_within_a_second(browser, served):
    site, server = served
    browser.get(server.url + "/incidents/pk-x-block-2024/")
    wait_for_listener(browser)
    edit(site, r"^title: .*$", "title: X blocked across Pakistan, edited live")
    saved = time.monotonic()
    # The page reloads meanwhile: its heading is read afresh on every poll, never kept.
    wait_until(browser, lambda driver: "edited live" in text_of(driver, "h1"), "the new title never showed", poll=0.02)
    assert time.monotonic() - saved < 1.0


def test_a_broken_edit_shows_the_overlay_and_the_fix_clears_it(browser, served):
    site, server = served
    browser.get(server.url + "/incidents/pk-x-block-2024/")
    wait_for_listener(browser)
    good = (site / INCIDENT).read_text(encoding="utf-8")
    edit(site, r"^status: .*$", "status: <b>sorta</b>")
    wait_until(browser, lambda driver: "pk-x-block-2024.md:7:9" in overlay_text(driver), "no overlay for the broken edit")
    text = overlay_text(browser)
    assert "'status' must be one of ongoing, resolved, unknown, not '<b>sorta</b>'" in text, text
    assert "> 7 | status: <b>sorta</b>" in text, "the offending line, as text"
    # The caret under column 9 of the line: the gutter's six characters, then eight spaces.
    assert "> 7 | status: <b>sorta</b>" + " " * 14 + "^  8 | " in text, text
    (site / INCIDENT).write_text(good, encoding="utf-8")
    wait_until(browser, lambda driver: overlay_text(driver) == "", "the fix did not clear the overlay")


def test_a_page_the_edit_did_not_change_is_not_reloaded(browser, served):
    site, server = served
    browser.get(server.url + "/about/")
    wait_for_listener(browser)
    # A reload, even one only just asked for, shows as a navigation: location.reload() fires the
    # Navigation API's navigate event at once, while this page is still the one the script reads.
    generation = browser.execute_script(
        "window.__notReloaded = true; window.__navigations = 0;"
        "navigation.addEventListener('navigate', function () { window.__navigations += 1; });"
        "return window.__trackerLiveReload.generation;")
    edit(site, r"^(Access to X was disrupted)", r"\1 (edited)")
    # The positive signals that the edit has been dealt with: the server's report of the rebuild (the
    # update event went out before it), then the page having taken that event in.
    server.wait_for(REBUILT)
    wait_until(browser, lambda driver: driver.execute_script("return window.__trackerLiveReload.generation;") > generation,
               "the page never took in the rebuild's update event")
    assert browser.execute_script("return [window.__notReloaded === true, window.__navigations];") == [True, 0]


def test_the_page_reconnects_after_a_restart_and_reloads(browser, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    server = Server(site)
    try:
        browser.get(server.url + "/incidents/pk-x-block-2024/")
        wait_for_listener(browser)
        assert server.stop() == 0
        edit(site, r"^title: .*$", "title: Edited while the server was down")
        # The page reconnects to the address it came from: the new server takes the port the first one picked.
        server = Server(site, port=server.port)
        wait_until(browser, lambda driver: "Edited while the server was down" in text_of(driver, "h1"),
                   "the page did not reload after the restart", timeout=10, poll=0.1)
    finally:
        server.stop()
