"""Budgets for a large tracker: a generated 10,000-incident site (scripts/gen-corpus.py) keeps every
HTML page within 300 KB, the first page of /incidents/ is interactive within 1 s in headless Chromium
with the CPU slowed down 4 times, and filtering it takes at most 100 ms per keystroke.

Times are measured in the page with performance.now() and the median of several runs is compared
with the budget, so one slow moment of a shared machine does not fail the test."""

import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitebuild import REPO, tracker_binary
from support import make_driver, serve, wait_until, wait_until_loaded

INCIDENTS = 10_000
PAGE_BUDGET = 300 * 1024
INTERACTIVE_BUDGET_MS = 1000
KEYSTROKE_BUDGET_MS = 100
CPU_SLOWDOWN = 4


@pytest.fixture(scope="module")
def large_site(tmp_path_factory) -> Path:
    """The generated corpus, built; prints how long each step took (pytest -s shows it)."""
    folder = tmp_path_factory.mktemp("large")
    started = time.monotonic()
    subprocess.run([sys.executable, str(REPO / "scripts" / "gen-corpus.py"), "--incidents", str(INCIDENTS), "--seed", "1",
                    "--out", str(folder / "site")], check=True, capture_output=True, timeout=300)
    generated = time.monotonic()
    result = subprocess.run([str(tracker_binary()), "build", "--no-cache", "--site", str(folder / "site"), "--output", str(folder / "public")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"tracker build failed:\n{result.stdout}\n{result.stderr}"
    print(f"\ngenerated {INCIDENTS} incidents in {generated - started:.1f} s, built in {time.monotonic() - generated:.1f} s")
    return folder / "public"


@pytest.fixture(scope="module")
def large_url(large_site: Path):
    with serve(large_site) as url:
        yield url


@pytest.fixture(scope="module")
def slow_browser():
    driver = make_driver()
    driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    yield driver
    driver.quit()


def test_every_html_page_is_within_the_budget(large_site: Path):
    pages = list(large_site.rglob("*.html"))
    assert len(pages) > INCIDENTS
    sizes = sorted(((page.stat().st_size, str(page.relative_to(large_site))) for page in pages), reverse=True)
    over = [f"{path}: {size // 1024} KB" for size, path in sizes if size > PAGE_BUDGET]
    assert over == [], f"pages over {PAGE_BUDGET // 1024} KB"
    # The lists are paginated: their numbered pages exist.
    for path in ["incidents/page/2/index.html", "timeline/page/2/index.html", "sources/page/2/index.html"]:
        assert (large_site / path).is_file(), path


READY = "var m = performance.getEntriesByName('incidents-table-ready'); return m.length ? m[0].startTime : null;"


def test_the_first_incidents_page_is_interactive_within_a_second(slow_browser, large_url):
    # Seven loads: on a shared 2-core machine one load in three can take half as long again (a median of
    # three once read 1022 ms where quiet loads take 350-650 ms); the median of seven holds still.
    times = []
    for _ in range(7):
        slow_browser.get("about:blank")
        slow_browser.get(large_url + "/incidents/")
        wait_until_loaded(slow_browser)
        ready = wait_until(slow_browser, lambda d: d.execute_script(READY), "the table's script never finished", timeout=30)
        loaded = slow_browser.execute_script("return performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd;")
        times.append(max(ready, loaded))
    assert statistics.median(times) <= INTERACTIVE_BUDGET_MS, f"interactive after {times} ms (4x CPU slowdown)"
    assert slow_browser.execute_script("return document.querySelectorAll('#incidents-table tbody tr').length") == 100


# Types `text` into the filter field one character at a time, each as the browser would deliver a
# keystroke (an input event), and times each from the event to the page laid out again.
TYPE = """
var input = document.getElementById('filter-q'), text = arguments[0], times = [];
for (var i = 0; i < text.length; i++) {
  var started = performance.now();
  input.value += text[i];
  input.dispatchEvent(new Event('input', {bubbles: true}));
  document.body.getBoundingClientRect();  // style and layout, as the next frame would need
  times.push(performance.now() - started);
}
return times;
"""


def status(driver):
    return driver.execute_script("return document.getElementById('filter-status-text').textContent")


def test_filtering_takes_less_than_100_ms_per_keystroke(slow_browser, large_url):
    slow_browser.get(large_url + "/incidents/")
    wait_until_loaded(slow_browser)
    wait_until(slow_browser, lambda d: d.execute_script(READY), "the table's script never finished", timeout=30)
    # The first keystroke loads every row (incidents/rows.json); time the ones after it.
    slow_browser.execute_script(TYPE, "s")
    wait_until(slow_browser, lambda d: status(d).startswith("Showing"), "the rows never loaded", timeout=30)
    slow_browser.execute_script("var i = document.getElementById('filter-q'); i.value = ''; i.dispatchEvent(new Event('input', {bubbles: true}));")
    times = slow_browser.execute_script(TYPE, "shutdown")
    assert statistics.median(times) <= KEYSTROKE_BUDGET_MS, f"keystrokes took {[round(t) for t in times]} ms (4x CPU slowdown)"
    # What the keystrokes did: the matching incidents of the whole tracker, a page at a time.
    assert status(slow_browser).startswith("Showing ") and f"of {INCIDENTS} incidents" in status(slow_browser)
    rows = slow_browser.execute_script(
        "return Array.from(document.querySelectorAll('#incidents-table tbody tr')).map(function (r) { return r.textContent; })")
    assert 0 < len(rows) <= 100
    assert all("shutdown" in row.lower() for row in rows)  # in the title or the type ("Mobile shutdown")
    assert slow_browser.execute_script("return document.querySelector('nav.pagination').hidden") is True
