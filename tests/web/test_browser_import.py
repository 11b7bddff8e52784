"""Import in a real browser: upload a tracker's export, check the preview, confirm, download.

Uses the live server and Chromium of ``test_browser``; screenshots go to ``screenshots/``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_browser import Live, browser, live, open_page, shot

__all__ = ["browser", "live"]  # the fixtures, shared

FIXTURES = Path(__file__).parent.parent / "fixtures" / "trackers"

pytestmark = pytest.mark.slow


def test_upload_preview_confirm_and_download(browser: Any, live: Live, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page = open_page(browser, live)
    page.goto(live.url + "/applications")
    page.get_by_role("link", name="Import from another tracker").click()
    expect(page.get_by_role("heading", name="Bring your applications in")).to_be_visible()

    page.get_by_label("Your tracker's export").set_input_files(str(FIXTURES / "huntr.csv"))
    shot(page, "import-01-choose")
    page.get_by_role("button", name="Preview the import").click()

    preview = page.locator("#import-preview")
    expect(preview.get_by_text("Huntr (CSV export)")).to_be_visible()
    expect(preview.get_by_role("cell", name="listName")).to_be_visible()
    expect(preview.get_by_text(re.compile("Row 3: add Fabrikam"))).to_be_visible()
    shot(page, "import-02-preview")
    # nothing has changed yet
    assert page.request.get(live.url + "/api/applications").json() == []

    page.get_by_role("button", name=re.compile(r"Import 5 application")).click()
    expect(page.locator("#import-result").get_by_text("5 added")).to_be_visible()
    shot(page, "import-03-done")

    page.get_by_role("link", name="See your applications").click()
    saved = page.locator("section.column-saved")
    expect(saved.get_by_text("Fabrikam")).to_be_visible()
    expect(page.locator("section.column-offer").get_by_text("Litware")).to_be_visible()
    shot(page, "import-04-board")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as CSV").click()
    target = tmp_path / "download.csv"
    download_info.value.save_as(target)
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 5
    assert {r["status"] for r in rows} == {"applied", "saved", "interviewing", "rejected", "offer"}

    assert live.outside == [], f"requests left the machine: {live.outside}"
    assert live.console_errors == [], live.console_errors
