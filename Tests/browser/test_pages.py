"""Every page type loads cleanly in Chromium, passes axe-core in both colour schemes, shows
keyboard focus, and prints an incident with its references' addresses."""

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from support import OTHER_PAGES, PAGES, axe_script, set_color_scheme, set_viewport

ALL_PAGES = {**PAGES, **OTHER_PAGES}
AXE_PAGES = ["home", "incidents", "incident", "timeline", "sources", "source", "countries", "country", "platform", "about", "search",
             "cases", "case"]


@pytest.mark.parametrize("name", ALL_PAGES)
def test_page_loads_without_console_errors_or_failed_requests(page, name):
    page.open(ALL_PAGES[name])
    errors = [entry["message"] for entry in page.console if entry["level"] in ("SEVERE", "WARNING")]
    assert errors == []
    assert page.failed_requests == []
    assert page.driver.find_element(By.TAG_NAME, "h1").text.strip()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", AXE_PAGES)
def test_axe_finds_no_serious_or_critical_violations(page, name, scheme):
    set_color_scheme(page.driver, scheme)
    page.open(PAGES[name])
    axe = Axe(page.driver, script_url=axe_script())
    axe.inject()
    results = axe.run()
    serious = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], axe.report(serious)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_dark_scheme_changes_the_colours(page, scheme):
    set_color_scheme(page.driver, scheme)
    page.open("/")
    background = page.driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert background == ("rgb(251, 250, 248)" if scheme == "light" else "rgb(18, 20, 23)")


def focused_outline(driver):
    return driver.execute_script(
        "var s = getComputedStyle(document.activeElement);"
        "return {tag: document.activeElement.tagName, text: document.activeElement.textContent.trim(),"
        " style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor};")


def test_keyboard_focus_is_visible_on_links(page):
    page.open(PAGES["incident"])
    body = page.driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    first = focused_outline(page.driver)
    assert first["tag"] == "A" and first["text"] == "Skip to content"
    assert first["style"] != "none" and first["width"] >= 2
    skip = page.driver.switch_to.active_element
    assert skip.location["y"] >= 0 and skip.is_displayed()
    # The site title, then the first navigation link: ordinary links show the ring too.
    skip.send_keys(Keys.TAB)
    page.driver.switch_to.active_element.send_keys(Keys.TAB)
    nav = focused_outline(page.driver)
    assert nav["tag"] == "A" and nav["text"] == "Incidents"
    assert nav["style"] != "none" and nav["width"] >= 2


def test_skip_link_moves_focus_to_main(page):
    page.open(PAGES["incidents"])
    page.driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    page.driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert page.driver.execute_script("return document.activeElement.id") == "main"


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("name", ["home", "incidents", "incident", "timeline", "source", "countries", "cases", "case"])
def test_narrow_screens_do_not_scroll_sideways(page, name, width):
    set_viewport(page.driver, width, 800, mobile=True)
    page.open(PAGES[name])
    overflow = page.driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


def test_print_shows_reference_addresses_and_hides_navigation(page):
    page.open(PAGES["incident"])
    set_color_scheme(page.driver, "light", media="print")
    try:
        styles = page.driver.execute_script("""
            var reference = document.querySelector('.references .print-url');
            return {
              header: getComputedStyle(document.querySelector('.site-header')).display,
              footer: getComputedStyle(document.querySelector('.site-footer')).display,
              url: getComputedStyle(reference).display,
              urlText: reference.textContent,
              references: document.querySelectorAll('.references li').length,
            };""")
    finally:
        set_color_scheme(page.driver, "light")
    assert styles["header"] == "none" and styles["footer"] == "none"
    assert styles["url"] == "inline"
    assert styles["urlText"].startswith("https://")
    assert styles["references"] == 9


def test_timeline_marks_legal_events_in_text_and_shape(page):
    """A court proceeding on /timeline/ says "Legal event" and has a square marker, not only a colour."""
    page.open(PAGES["timeline"])
    legal = page.driver.find_elements(By.CSS_SELECTOR, ".events li.legal-event")
    other = page.driver.find_elements(By.CSS_SELECTOR, ".events li:not(.legal-event)")
    assert len(legal) == 3 and other
    assert legal[0].find_element(By.CSS_SELECTOR, ".legal-label").text.startswith("Legal event · ")
    marker = "return getComputedStyle(arguments[0], '::before').borderTopLeftRadius"
    assert page.driver.execute_script(marker, legal[0]) == "0px"
    assert page.driver.execute_script(marker, other[0]) != "0px"
    link = legal[0].find_element(By.CSS_SELECTOR, "a")
    assert "/cases/" in link.get_attribute("href")
