"""`tracker serve` in a real browser: an edit shows in the open page within a second, a broken
edit shows the error overlay and the fix clears it, and pages an edit did not change stay as they are."""

import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from sitebuild import REPO, tracker_binary

INCIDENT = "content/incidents/pk-x-block-2024.md"


@pytest.fixture
def served(tmp_path):
    """A copy of the example site, served by `tracker serve --port 0`; yields (site folder, base URL)."""
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    server = subprocess.Popen([str(tracker_binary()), "serve", "--site", str(site), "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = None
        deadline = time.time() + 60
        while url is None and time.time() < deadline:
            line = server.stdout.readline()
            match = re.search(r"Serving .* at (http://127\.0\.0\.1:\d+)/", line)
            if match:
                url = match.group(1)
        assert url, "tracker serve did not print its address"
        yield site, url
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


def edit(site: Path, pattern: str, replacement: str):
    path = site / INCIDENT
    path.write_text(re.sub(pattern, replacement, path.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")


def wait_for_listener(browser):
    """Until the page's script has heard the server's hello (its event stream is open)."""
    WebDriverWait(browser, 10, poll_frequency=0.05).until(lambda driver: driver.execute_script("return !!window.__trackerLiveReload;"))


def overlay_text(browser) -> str:
    return browser.execute_script(
        "const host = document.getElementById('__tracker-overlay');"
        "return host && host.shadowRoot ? host.shadowRoot.textContent : '';")


def test_a_title_edit_shows_in_the_open_page_within_a_second(browser, served):
    site, url = served
    browser.get(url + "/incidents/pk-x-block-2024/")
    wait_for_listener(browser)
    edit(site, r"^title: .*$", "title: X blocked across Pakistan, edited live")
    saved = time.time()
    WebDriverWait(browser, 5, poll_frequency=0.02).until(lambda driver: "edited live" in driver.find_element("css selector", "h1").text)
    assert time.time() - saved < 1.0


def test_a_broken_edit_shows_the_overlay_and_the_fix_clears_it(browser, served):
    site, url = served
    browser.get(url + "/incidents/pk-x-block-2024/")
    wait_for_listener(browser)
    good = (site / INCIDENT).read_text(encoding="utf-8")
    edit(site, r"^status: .*$", "status: <b>sorta</b>")
    WebDriverWait(browser, 5, poll_frequency=0.05).until(lambda driver: "pk-x-block-2024.md:7:9" in overlay_text(driver))
    text = overlay_text(browser)
    assert "'status' must be one of ongoing, resolved, unknown, not '<b>sorta</b>'" in text, text
    assert "> 7 | status: <b>sorta</b>" in text, "the offending line, as text"
    (site / INCIDENT).write_text(good, encoding="utf-8")
    WebDriverWait(browser, 5, poll_frequency=0.05).until(lambda driver: overlay_text(driver) == "")


def test_a_page_the_edit_did_not_change_is_not_reloaded(browser, served):
    site, url = served
    browser.get(url + "/about/")
    wait_for_listener(browser)
    browser.execute_script("window.__notReloaded = true;")
    edit(site, r"^(Access to X was disrupted)", r"\1 (edited)")
    time.sleep(1.0)
    assert browser.execute_script("return window.__notReloaded === true;")


def test_the_page_reconnects_after_a_restart_and_reloads(browser, tmp_path):
    import socket

    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    def start():
        server = subprocess.Popen([str(tracker_binary()), "serve", "--site", str(site), "--port", str(port)],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.time() + 60
        while time.time() < deadline and "Serving" not in server.stdout.readline():
            pass
        return server

    server = start()
    try:
        browser.get(f"http://127.0.0.1:{port}/incidents/pk-x-block-2024/")
        wait_for_listener(browser)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)
        edit(site, r"^title: .*$", "title: Edited while the server was down")
        server = start()
        WebDriverWait(browser, 10, poll_frequency=0.1).until(
            lambda driver: "Edited while the server was down" in driver.find_element("css selector", "h1").text)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
