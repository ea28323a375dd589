"""The world map (partials/world-map) in Chromium: axe in both colour schemes on the home page and
/countries/ of Tests/Fixtures/world-map (a small country with a marker, one the map lacks), only
the countries with incidents take keyboard focus, and the shades follow dark mode and print."""

import pytest
from axe_selenium_python import Axe

from sitebuild import REPO, build_site
from support import axe_script, desktop_page, serve, set_color_scheme, set_viewport


@pytest.fixture(scope="module")
def map_site(tmp_path_factory):
    output = build_site(tmp_path_factory.mktemp("world-map") / "public", site=REPO / "Tests" / "Fixtures" / "world-map")
    with serve(output) as url:
        yield url


@pytest.fixture
def map_page(browser, map_site):
    return desktop_page(browser, map_site)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/", "/countries/"])
def test_axe_finds_no_serious_or_critical_violations_on_the_map(map_page, path, scheme):
    set_color_scheme(map_page.driver, scheme)
    map_page.open(path)
    axe = Axe(map_page.driver, script_url=axe_script())
    axe.inject()
    results = axe.run()
    serious = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], axe.report(serious)


def test_only_countries_with_incidents_take_focus_and_show_it(map_page):
    map_page.open("/countries/")
    focusable = map_page.driver.execute_script("""
        return Array.from(document.querySelectorAll('.map-svg *'))
          .filter(e => e.tabIndex >= 0 || e.matches('a[href]')).map(e => e.getAttribute('aria-label'));""")
    assert focusable == ["Côte d'Ivoire: 1 incident", "France: 1 incident", "Luxembourg: 1 incident", "Pakistan: 3 incidents"]
    ring = map_page.driver.execute_script("""
        var link = document.querySelector('.map-svg a[href$="/countries/pk/"]');
        link.focus({focusVisible: true});
        var path = getComputedStyle(link.querySelector('path'));
        return {active: document.activeElement === link, stroke: path.stroke, width: parseFloat(path.strokeWidth),
                focus: getComputedStyle(document.documentElement).getPropertyValue('--focus').trim()};""")
    assert ring["active"]
    assert ring["width"] >= 3 and ring["stroke"] == "rgb(199, 119, 0)"


def fills(driver):
    return driver.execute_script("""
        return {land: getComputedStyle(document.querySelector('.map-land path')).fill,
                pakistan: getComputedStyle(document.querySelector('.map-svg a[href$="/countries/pk/"] path')).fill,
                adjust: getComputedStyle(document.querySelector('.map-svg')).printColorAdjust};""")


def test_the_shades_follow_dark_mode_and_print(map_page):
    map_page.open("/")
    light = fills(map_page.driver)
    set_color_scheme(map_page.driver, "dark")
    dark = fills(map_page.driver)
    set_color_scheme(map_page.driver, "dark", media="print")
    try:
        printed = fills(map_page.driver)
    finally:
        set_color_scheme(map_page.driver, "light")
    assert light["land"] == "rgb(228, 224, 216)" and light["pakistan"] == "rgb(153, 0, 0)"
    assert dark["land"] == "rgb(48, 53, 59)" and dark["pakistan"] == "rgb(255, 196, 138)"
    # Printed on paper in the light shades, kept even where the browser drops backgrounds.
    assert printed["land"] == light["land"] and printed["pakistan"] == light["pakistan"]
    assert printed["adjust"] == "exact"


@pytest.mark.parametrize("width", [320, 375])
def test_narrow_screens_keep_the_map_within_the_page(map_page, width):
    set_viewport(map_page.driver, width, 800, mobile=True)
    map_page.open("/countries/")
    sizes = map_page.driver.execute_script("""
        return {overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                map: document.querySelector('.map-svg').getBoundingClientRect().width,
                marker: document.querySelector('.map-marker').getBoundingClientRect().width};""")
    assert sizes["overflow"] <= 0
    assert 250 <= sizes["map"] <= width
    # The marker grows on small screens so a finger can hit it.
    assert sizes["marker"] >= 6
