"""The build-time charts (timeline chart, incident duration bar) and the search page."""

import json
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from sitebuild import build_site
from support import eventually_equal, text_of, texts_of, wait_until


def test_the_timeline_chart_is_an_accessible_svg_with_its_numbers_in_a_table(browser_without_js, base_url):
    driver = browser_without_js  # drawn at build time: no JavaScript needed
    driver.get(base_url + "/timeline/")
    svg = driver.find_element(By.CSS_SELECTOR, "svg.chart-svg")
    assert svg.get_attribute("role") == "img"
    title_id, desc_id = svg.get_attribute("aria-labelledby").split()
    assert driver.find_element(By.ID, title_id).get_attribute("textContent") == "Incidents started per month, by type"
    assert "Busiest month: February 2024, with 2." in driver.find_element(By.ID, desc_id).get_attribute("textContent")
    bars = svg.find_elements(By.CSS_SELECTOR, "rect.bar")
    assert sorted(bar.get_attribute("class") for bar in bars) == ["bar type-mobile-shutdown", "bar type-service-block"]
    ticks = [t.get_attribute("textContent") for t in svg.find_elements(By.CSS_SELECTOR, "text.tick")]
    assert ticks == ["0", "1", "2", "Feb", "2024", "Mar", "Apr"]
    rows = driver.find_elements(By.CSS_SELECTOR, "table.chart-data tbody tr")
    assert [row.text for row in rows] == ["February 2024 1 1 2"]
    assert svg.size["width"] > 200 and svg.size["height"] > 150


def test_the_home_page_shows_the_chart(browser_without_js, base_url):
    browser_without_js.get(base_url + "/")
    assert browser_without_js.find_element(By.CSS_SELECTOR, ".home-chart svg[role=img]").is_displayed()


def test_an_ongoing_incident_is_drawn_to_its_last_known_date(browser_without_js, base_url):
    browser_without_js.get(base_url + "/incidents/pk-x-block-2024/")
    label = browser_without_js.find_element(By.CSS_SELECTOR, ".duration-label").text
    assert label == "17 February 2024 – ongoing as of 17 April 2024 (61 days so far)"
    bar = browser_without_js.find_element(By.CSS_SELECTOR, "svg.duration-bar")
    assert bar.get_attribute("role") == "img"
    span = bar.find_element(By.CSS_SELECTOR, ".duration-span")
    assert (span.get_attribute("x"), span.get_attribute("width")) == ("12.8%", "87.1%")


def test_a_resolved_one_day_incident_shows_one_date(browser_without_js, base_url):
    browser_without_js.get(base_url + "/incidents/pk-election-mobile-shutdown-2024/")
    label = browser_without_js.find_element(By.CSS_SELECTOR, ".duration-label").text
    assert label == "8 February 2024 (1 day)"


def test_two_builds_give_identical_charts(built_site: Path, tmp_path: Path):
    again = build_site(tmp_path / "again")
    for page in ["index.html", "timeline/index.html", "incidents/pk-x-block-2024/index.html", "search/index.json"]:
        assert (again / page).read_bytes() == (built_site / page).read_bytes(), page


def test_the_search_index_lists_incidents_sources_and_pages(built_site: Path):
    entries = json.loads((built_site / "search" / "index.json").read_text())
    kinds = [entry["kind"] for entry in entries]
    assert kinds.count("incident") == 2 and kinds.count("source") == 9 and kinds.count("page") == 2
    x_block = next(entry for entry in entries if entry["url"] == "/incidents/pk-x-block-2024/")
    assert x_block["country"] == "Pakistan" and x_block["platforms"] == ["X"]


def result_titles(driver):
    return texts_of(driver, "#search-results h2 a")


def search_state(driver):
    """The search the page shows: its address's query, the status line, and the first result ('' for none)."""
    return driver.execute_script(
        "var first = document.querySelector('#search-results h2 a');"
        "return [location.search, document.getElementById('search-status').innerText.trim(), first ? first.innerText.trim() : ''];")


def test_search_finds_incidents_from_the_url_query(page):
    page.open("/search/?q=mobile%20election")
    # The index is fetched after the page loads: results come once it is in.
    wait_until(page.driver, result_titles, "no search results appeared")
    assert result_titles(page.driver)[0] == "Mobile services shut down on election day"
    assert text_of(page.driver, "#search-status").endswith("for “mobile election”.")
    assert not page.driver.find_element(By.ID, "search-fallback").is_displayed()


def test_typing_searches_and_updates_the_url(page):
    page.open("/search/")
    field = page.driver.find_element(By.ID, "search-query")
    field.send_keys("pakistan x")
    # The search runs after a pause in typing (a slow typist may see a search for "pakistan" first).
    eventually_equal(page.driver, lambda d: search_state(d)[::2],
                     ["?q=pakistan%20x", "X blocked nationwide in Pakistan after the general election"])
    field.clear()
    field.send_keys("zzzz")
    eventually_equal(page.driver, search_state, ["?q=zzzz", "Nothing matches “zzzz”.", ""])
    assert result_titles(page.driver) == []


def test_the_header_search_box_leads_to_results(page):
    page.open("/timeline/")
    field = page.driver.find_element(By.ID, "site-search-query")
    field.send_keys("Daily Times", Keys.ENTER)
    # Another page: read it once it is the search page and its index is in.
    wait_until(page.driver, lambda d: d.execute_script("return location.pathname") == "/search/" and result_titles(d),
               "the search page showed no results")
    assert "/search/?q=Daily" in page.driver.current_url
    assert result_titles(page.driver)[0] == "X censored as Pakistan's political crisis explodes"


def test_without_javascript_search_points_to_the_table(browser_without_js, base_url):
    browser_without_js.get(base_url + "/search/?q=x")
    fallback = browser_without_js.find_element(By.ID, "search-fallback")
    assert fallback.is_displayed()
    assert "needs JavaScript" in fallback.text
    assert fallback.find_element(By.LINK_TEXT, "All 2 incidents").get_attribute("href") == base_url + "/incidents/"
