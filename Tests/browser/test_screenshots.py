"""Screenshots of every page type at a phone and a desktop width, light and dark, for people to
look at: saved into screenshots/ at the repository root (SCREENSHOTS_DIR overrides it).
Viewport-sized, not full-page, to keep the committed set small.

They rewrite committed files, so they run only when asked for: `make screenshots`
(`pytest -m screenshots`); pytest.ini leaves them out of every other run."""

import os
from pathlib import Path

import pytest

from sitebuild import REPO
from support import PAGES, Page, serve, set_color_scheme, set_viewport

SIZES = {375: 812, 1280: 860}
FOLDER = Path(os.environ.get("SCREENSHOTS_DIR", REPO / "screenshots"))


@pytest.mark.screenshots
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", SIZES)
@pytest.mark.parametrize("name", PAGES)
def test_screenshot(page, name, width, scheme):
    set_viewport(page.driver, width, SIZES[width], mobile=width < 600)
    set_color_scheme(page.driver, scheme)
    page.open(PAGES[name])
    # Screenshots show the page as a person arrives at it, whatever the tests before did.
    page.driver.execute_script("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur();")
    FOLDER.mkdir(parents=True, exist_ok=True)
    path = FOLDER / f"{name}-{width}-{scheme}.png"
    png = page.driver.get_screenshot_as_png()
    path.write_bytes(png)
    assert png.startswith(b"\x89PNG") and len(png) > 5_000


@pytest.fixture(scope="module")
def urdu_base_url(built_site):
    """The Urdu pages: the example's /ur/, or a built one-language Urdu site named by URDU_SITE."""
    if os.environ.get("URDU_SITE"):
        with serve(os.environ["URDU_SITE"]) as url:
            yield url
        return
    if not (built_site / "ur" / "index.html").is_file():
        pytest.skip("the example has no Urdu pages in this build (translations load with the multilingual core)")
    with serve(built_site) as url:
        yield url + "/ur"


@pytest.mark.screenshots
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", SIZES)
@pytest.mark.parametrize("name", ["home", "incident", "timeline", "incidents", "about"])
def test_urdu_screenshot(browser, urdu_base_url, name, width, scheme):
    """Right-to-left Urdu pages, saved as `ur-PAGE-WIDTH-SCHEME.png`."""
    set_viewport(browser, width, SIZES[width], mobile=width < 600)
    set_color_scheme(browser, scheme)
    Page(browser, urdu_base_url).open(PAGES[name])
    browser.execute_script("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur();")
    assert browser.execute_script("return document.documentElement.dir") == "rtl"
    FOLDER.mkdir(parents=True, exist_ok=True)
    png = browser.get_screenshot_as_png()
    (FOLDER / f"ur-{name}-{width}-{scheme}.png").write_bytes(png)
    assert png.startswith(b"\x89PNG") and len(png) > 5_000
