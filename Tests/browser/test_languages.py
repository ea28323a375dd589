"""The example in its second language: Urdu pages under /ur/, reached from the language switcher
without JavaScript, right to left, the translated incidents listed in Urdu, and axe-clean in both schemes."""

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By

from support import axe_script, set_color_scheme

URDU_PAGES = ["/ur/", "/ur/incidents/", "/ur/incidents/pk-x-block-2024/", "/ur/about/", "/ur/timeline/"]


def test_the_language_switcher_leads_to_the_same_page_in_urdu_without_javascript(browser_without_js, base_url):
    driver = browser_without_js
    driver.get(base_url + "/incidents/pk-x-block-2024/")
    switcher = driver.find_element(By.CSS_SELECTOR, "nav.language-switcher[aria-label=Languages]")
    current = switcher.find_element(By.CSS_SELECTOR, "a[aria-current]")
    assert (current.text, current.get_attribute("lang")) == ("English", "en")
    urdu = switcher.find_element(By.CSS_SELECTOR, "a[hreflang=ur]")
    assert urdu.text == "اردو" and urdu.get_attribute("lang") == "ur"
    urdu.click()
    assert driver.current_url == base_url + "/ur/incidents/pk-x-block-2024/"
    html = driver.find_element(By.TAG_NAME, "html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ur", "rtl")
    # The example's Urdu translation: the title in Urdu, in the page's language, with no untranslated note.
    title = driver.find_element(By.TAG_NAME, "h1")
    assert (title.text, title.get_attribute("lang")) == ("عام انتخابات کے بعد پاکستان بھر میں ایکس بند", "")
    assert driver.find_elements(By.CSS_SELECTOR, "p.untranslated-note") == []
    assert driver.find_element(By.CSS_SELECTOR, "nav.language-switcher").get_attribute("aria-label") == "زبانیں"
    driver.find_element(By.CSS_SELECTOR, "nav.language-switcher a[hreflang=en]").click()
    assert driver.current_url == base_url + "/incidents/pk-x-block-2024/"


def test_every_incident_is_listed_in_urdu(browser_without_js, base_url):
    browser_without_js.get(base_url + "/ur/incidents/")
    rows = browser_without_js.find_elements(By.CSS_SELECTOR, "table tbody tr th a")
    # Both example incidents are translated: listed under their Urdu titles, linking to their Urdu pages.
    assert sorted(row.get_attribute("href") for row in rows) == [
        base_url + "/ur/incidents/pk-election-mobile-shutdown-2024/", base_url + "/ur/incidents/pk-x-block-2024/"]
    assert "عام انتخابات کے بعد پاکستان بھر میں ایکس بند" in [row.text for row in rows]
    assert browser_without_js.find_elements(By.CSS_SELECTOR, "table tbody tr th .untranslated") == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", URDU_PAGES)
def test_axe_finds_no_serious_or_critical_violations_in_urdu(page, path, scheme):
    set_color_scheme(page.driver, scheme)
    page.open(path)
    assert page.console == [] or all(entry["level"] not in ("SEVERE", "WARNING") for entry in page.console)
    assert page.failed_requests == []
    axe = Axe(page.driver, script_url=axe_script())
    axe.inject()
    results = axe.run()
    serious = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], axe.report(serious)
