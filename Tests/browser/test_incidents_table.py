"""The incidents table: filters narrow the rows and live in the URL, reloading restores them,
counts follow the filters, columns sort, and without JavaScript it is the plain full table."""

from urllib.parse import parse_qs, urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from support import eventually_equal, text_of, texts_of, wait_until_loaded

X_BLOCK = "X blocked nationwide in Pakistan after the general election"
MOBILE = "Mobile services shut down on election day"


def visible_titles(driver):
    return texts_of(driver, "#incidents-table tbody tr th a", visible_only=True)


def query(driver):
    return {key: values[0] for key, values in parse_qs(urlparse(driver.current_url).query).items()}


def option_texts(driver, name):
    return texts_of(driver, f"#filter-{name} option")


def test_the_filter_form_appears_with_javascript(page):
    page.open("/incidents/")
    assert page.driver.find_element(By.ID, "incident-filters").is_displayed()
    assert visible_titles(page.driver) == [X_BLOCK, MOBILE]
    assert text_of(page.driver, "#filter-status-text") == "Showing all 2 incidents."


def test_a_filter_narrows_the_rows_and_goes_into_the_url(page):
    page.open("/incidents/")
    Select(page.driver.find_element(By.ID, "filter-platform")).select_by_value("x")
    assert visible_titles(page.driver) == [X_BLOCK]
    assert query(page.driver) == {"platform": "x"}
    assert text_of(page.driver, "#filter-status-text") == "Showing 1 of 2 incidents."
    # Other lists count what the platform filter leaves.
    assert option_texts(page.driver, "type") == ["All types", "Mobile shutdown (0)", "Service block (1)"]
    assert option_texts(page.driver, "platform") == ["All platforms", "Mobile services (1)", "X (1)"]


def test_reloading_a_filtered_url_restores_the_filters(page):
    page.open("/incidents/?type=mobile-shutdown&status=resolved")
    assert Select(page.driver.find_element(By.ID, "filter-type")).first_selected_option.get_attribute("value") == "mobile-shutdown"
    assert Select(page.driver.find_element(By.ID, "filter-status")).first_selected_option.get_attribute("value") == "resolved"
    assert visible_titles(page.driver) == [MOBILE]
    page.driver.refresh()
    wait_until_loaded(page.driver)
    eventually_equal(page.driver, visible_titles, [MOBILE])
    assert query(page.driver) == {"type": "mobile-shutdown", "status": "resolved"}


def test_free_text_filters_on_what_the_row_says(page):
    page.open("/incidents/")
    field = page.driver.find_element(By.ID, "filter-q")
    field.send_keys("mobile")
    eventually_equal(page.driver, visible_titles, [MOBILE])  # the field waits for a pause in typing
    assert query(page.driver) == {"q": "mobile"}


def test_no_match_shows_a_message_and_clearing_brings_every_row_back(page):
    page.open("/incidents/?platform=x&type=mobile-shutdown")
    assert visible_titles(page.driver) == []
    assert page.driver.find_element(By.ID, "incidents-empty").is_displayed()
    page.driver.find_element(By.CSS_SELECTOR, "#incident-filters button[type=reset]").click()
    eventually_equal(page.driver, visible_titles, [X_BLOCK, MOBILE])  # read on the next turn, after the form's own reset
    assert query(page.driver) == {}
    assert not page.driver.find_element(By.ID, "incidents-empty").is_displayed()


def test_unknown_values_in_the_url_are_ignored(page):
    page.open("/incidents/?country=zz&sort=nonsense")
    assert visible_titles(page.driver) == [X_BLOCK, MOBILE]


def test_sorting_a_column_reorders_the_rows(page):
    page.open("/incidents/")
    header = page.driver.find_element(By.CSS_SELECTOR, "th[data-sort-key=title]")
    header.find_element(By.TAG_NAME, "button").click()
    assert visible_titles(page.driver) == [MOBILE, X_BLOCK]
    assert header.get_attribute("aria-sort") == "ascending"
    assert query(page.driver) == {"sort": "title", "order": "ascending"}
    header.find_element(By.TAG_NAME, "button").click()
    assert visible_titles(page.driver) == [X_BLOCK, MOBILE]
    assert header.get_attribute("aria-sort") == "descending"
    start = page.driver.find_element(By.CSS_SELECTOR, "th[data-sort-key=start]")
    assert start.get_attribute("aria-sort") is None


def test_a_sorted_url_restores_the_order(page):
    page.open("/incidents/?sort=start&order=ascending")
    assert visible_titles(page.driver) == [MOBILE, X_BLOCK]
    start = page.driver.find_element(By.CSS_SELECTOR, "th[data-sort-key=start]")
    assert start.get_attribute("aria-sort") == "ascending"


def test_country_and_platform_pages_sort_too(page):
    page.open("/countries/pk/")
    page.driver.find_element(By.CSS_SELECTOR, "th[data-sort-key=type] button").click()
    assert visible_titles(page.driver) == [MOBILE, X_BLOCK]


def test_the_home_page_ongoing_count_links_to_a_filtered_table(page):
    page.open("/")
    page.driver.find_element(By.CSS_SELECTOR, ".count-ongoing a").click()
    # A new page: read it once it has loaded and its script has applied the filter from the URL.
    eventually_equal(page.driver, lambda d: (d.execute_script("return document.readyState"), visible_titles(d)),
                     ("complete", [X_BLOCK]))
    assert urlparse(page.driver.current_url).path == "/incidents/"


def test_without_javascript_it_is_the_full_table_without_filters(browser_without_js, base_url):
    browser_without_js.get(base_url + "/incidents/?platform=x")
    assert not browser_without_js.find_element(By.ID, "incident-filters").is_displayed()
    assert visible_titles(browser_without_js) == [X_BLOCK, MOBILE]
    assert browser_without_js.find_elements(By.CSS_SELECTOR, "th button") == []
    links = [a.get_attribute("href") for a in browser_without_js.find_elements(By.CSS_SELECTOR, "main a")]
    assert base_url + "/countries/" in links and base_url + "/platforms/" in links
