"""The README tells how to open the web app, what its pages are, where screenshots go."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readme_documents_the_web_app() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    web = readme[readme.index("## Web") :]
    for needle in ("nextround serve", "--no-browser", "/threads/ID/draft", "/docs", "screenshots/"):
        assert needle in web, needle


def test_screenshots_are_not_committed() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "screenshots/" in ignored


def test_the_browser_has_a_system_dependency() -> None:
    script = (ROOT / "scripts" / "system-deps.d" / "chromium.sh").read_text(encoding="utf-8")
    assert "need chromium /usr/bin/chromium" in script
