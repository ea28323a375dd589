"""The example in its second language: Urdu pages under /ur/, reached from the language switcher
without JavaScript, right to left, every untranslated incident marked, and axe-clean in both schemes."""

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
    # Not yet translated: the original title, marked as English, with a link back to it.
    title = driver.find_element(By.TAG_NAME, "h1")
    assert (title.text, title.get_attribute("lang")) == ("X blocked nationwide in Pakistan after the general election", "en")
    note = driver.find_element(By.CSS_SELECTOR, "p.untranslated-note a")
    assert note.get_attribute("href") == base_url + "/incidents/pk-x-block-2024/"
    driver.find_element(By.CSS_SELECTOR, "nav.language-switcher a[hreflang=en]").click()
    assert driver.current_url == base_url + "/incidents/pk-x-block-2024/"


def test_every_incident_is_listed_in_urdu(browser_without_js, base_url):
    browser_without_js.get(base_url + "/ur/incidents/")
    rows = browser_without_js.find_elements(By.CSS_SELECTOR, "table tbody tr th a")
    assert len(rows) == 2
    notes = browser_without_js.find_elements(By.CSS_SELECTOR, "table tbody tr th .untranslated")
    assert [note.text for note in notes] == ["(not yet translated)"] * 2


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
