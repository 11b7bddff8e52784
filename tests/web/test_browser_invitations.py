"""Invitation import in a real browser, wide and at phone width: upload an .ics, check
the preview, confirm; an update, a cancellation, a bad file, a choice between two.

Uses the live server and Chromium of ``test_browser``; screenshots go to ``screenshots/``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from nextround.services import record
from nextround.store import Database
from tests.conftest import NOW
from tests.web.test_browser import Live, browser, live, open_page, shot
from tests.web.test_invitation_pages import invite

__all__ = ["browser", "live"]  # the fixtures, shared

pytestmark = pytest.mark.slow


def _file(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _no_console_errors(live: Live, *, refused_forms: int) -> None:
    """Chromium logs each form answered with 422 itself; nothing else may complain."""
    refused = [e for e in live.console_errors if "status of 422" in e]
    assert len(refused) == refused_forms, live.console_errors
    assert [e for e in live.console_errors if e not in refused] == []


def _fits(page: Any, width: int) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"the page scrolls sideways at {width}px ({wide}px)"


@pytest.mark.parametrize("width", [1280, 390])
def test_import_an_invitation_preview_confirm_move_cancel(
    browser: Any, live: Live, sqlite_db: Database, tmp_path: Path, width: int
) -> None:
    from playwright.sync_api import expect

    app = record.add_application(db=sqlite_db, company="Contoso Ltd", role="Engineer", now=NOW)
    record.add_application(db=sqlite_db, company="Northwind", role="Data Analyst", now=NOW)
    page = open_page(browser, live, width=width, height=900 if width > 400 else 844)
    page.goto(live.url + "/feed")
    page.get_by_role("link", name="Import the invitation (.ics)").click()
    expect(page.get_by_role("heading", name="Import an interview invitation")).to_be_visible()

    # a file that is not an invitation: one line, next to the field
    page.get_by_label("The invitation (.ics)").set_input_files(
        _file(tmp_path, "notes.ics", b"just some notes")
    )
    page.get_by_role("button", name="Preview").click()
    error = page.locator("#f-file-error")
    expect(error).to_contain_text("not a calendar invitation nextround can read")
    expect(page.get_by_label("The invitation (.ics)")).to_have_attribute("aria-invalid", "true")
    shot(page, f"invite-{width}-01-bad-file")

    page.get_by_label("The invitation (.ics)").set_input_files(
        _file(tmp_path, "invite.ics", invite())
    )
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#invitation-preview")
    expect(preview.get_by_text(re.compile(r"Record technical, .* for Contoso Ltd"))).to_be_visible()
    _fits(page, width)
    shot(page, f"invite-{width}-02-preview")
    assert page.request.get(live.url + f"/api/applications/{app.id}").json()["interviews"] == []

    page.get_by_role("button", name="Record it").click()
    result = page.locator("#invitation-result")
    expect(result.get_by_text(re.compile("Recorded technical"))).to_be_visible()
    shot(page, f"invite-{width}-03-done")
    result.get_by_role("link", name="Contoso Ltd").click()
    interviews = page.locator("#interviews")
    expect(interviews.get_by_role("heading", name=re.compile("technical"))).to_be_visible()
    _fits(page, width)

    # from the application's page: its cancellation removes the interview
    interviews.get_by_role("link", name="Import an invitation (.ics)").click()
    expect(page.get_by_text("For Contoso Ltd")).to_be_visible()
    page.get_by_label("The invitation (.ics)").set_input_files(
        _file(tmp_path, "cancel.ics", invite(sequence=1, method="CANCEL"))
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#invitation-preview")).to_contain_text("Cancelled: remove technical")
    shot(page, f"invite-{width}-04-cancel-preview")
    page.get_by_role("button", name="Remove the interview").click()
    expect(page.locator("#invitation-result")).to_contain_text("Cancelled, removed technical")
    assert page.request.get(live.url + f"/api/applications/{app.id}").json()["interviews"] == []

    assert live.outside == [], f"requests left the machine: {live.outside}"
    _no_console_errors(live, refused_forms=1)  # the file that was not an invitation


def test_two_matching_applications_are_a_choice(
    browser: Any, live: Live, sqlite_db: Database, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    record.add_application(db=sqlite_db, company="Contoso Ltd", role="Engineer", now=NOW)
    analyst = record.add_application(db=sqlite_db, company="Contoso Ltd", role="Analyst", now=NOW)
    page = open_page(browser, live, width=390, height=844)
    page.goto(live.url + "/interviews/import")
    page.get_by_label("The invitation (.ics)").set_input_files(
        _file(tmp_path, "invite.ics", invite())
    )
    page.get_by_role("button", name="Preview").click()
    choice = page.locator("#invitation-choice")
    expect(choice.get_by_text("could be for")).to_be_visible()
    _fits(page, 390)
    shot(page, "invite-390-05-choice")
    choice.get_by_label(re.compile("Analyst")).check()
    choice.get_by_role("button", name="Preview").click()
    expect(page.locator("#invitation-preview")).to_contain_text("Analyst, applied")
    page.get_by_role("button", name="Record it").click()
    expect(page.locator("#invitation-result")).to_contain_text("Recorded technical")
    found = page.request.get(live.url + f"/api/applications/{analyst.id}").json()
    assert [i["stage"] for i in found["interviews"]] == ["technical"]
    _no_console_errors(live, refused_forms=1)  # the preview that asked which
