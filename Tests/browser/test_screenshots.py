"""Screenshots of every page type at a phone and a desktop width, light and dark, for people to
look at: saved into screenshots/ at the repository root (SCREENSHOTS_DIR overrides it).
Viewport-sized, not full-page, to keep the committed set small.

They rewrite committed files, so they run only when asked for: `make screenshots`
(`pytest -m screenshots`); pytest.ini leaves them out of every other run."""

import os
from pathlib import Path

import pytest

from sitebuild import REPO
from support import PAGES, set_color_scheme, set_viewport

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
