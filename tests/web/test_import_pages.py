"""The import page (upload, preview, confirm) and the CSV download, through the app."""

from __future__ import annotations

import csv
import re
from html import unescape
from pathlib import Path

from nextround.services import record
from tests.web.conftest import Web

FIXTURES = Path(__file__).parent.parent / "fixtures" / "trackers"


def _upload(web: Web, name: str, *, mapping: str = "") -> str:
    data = (FIXTURES / name).read_bytes()
    response = web.post(
        "/import/preview", data={"map": mapping}, files={"file": (name, data, "text/csv")}
    )
    assert response.status_code == 200, response.text[:500]
    return response.text


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, name
    return unescape(found.group(1))


def test_preview_changes_nothing_and_confirm_imports(web: Web) -> None:
    html = _upload(web, "simplify.csv")
    assert "Simplify (CSV export)" in html
    assert "<td>Company Name</td><td>company</td>" in html
    assert "Row 2: add <strong>Coho Winery</strong>" in html
    assert record.list_applications(db=web.client.app.state.web.db) == []  # type: ignore[attr-defined]

    content = _hidden(html, "content")
    assert content == (FIXTURES / "simplify.csv").read_text(encoding="utf-8")
    done = web.post("/import", data={"content": content, "map": ""})
    assert done.status_code == 200 and "5 added" in done.text
    again = web.post("/import", data={"content": content, "map": ""})
    assert "0 added" in again.text and "5 already here" in again.text

    board = web.get("/applications").text
    assert 'id="col-saved"' in board and "Coho Winery" in board


def test_a_file_the_preview_cannot_read_says_why(web: Web) -> None:
    bad = web.post(
        "/import/preview", data={}, files={"file": ("x.csv", b"\xff\xfe\x00\x01", "text/csv")}
    )
    assert bad.status_code == 422 and "not a UTF-8 text file" in bad.text
    unmapped = web.post(
        "/import/preview",
        data={},
        files={"file": ("u.csv", (FIXTURES / "unmapped.csv").read_bytes(), "text/csv")},
    )
    assert unmapped.status_code == 422 and "--map COLUMN=company" in unmapped.text
    mapped = _upload(web, "unmapped.csv", mapping="Firm=company\nProgress=status")
    assert "Olympia Gym" in mapped


def test_bad_rows_are_shown_and_the_rest_imported_on_confirm(web: Web) -> None:
    html = _upload(web, "bad_rows.csv")
    assert "Row 3: no company" in html
    assert 'name="skip_bad" value="yes"' in html
    done = web.post(
        "/import", data={"content": _hidden(html, "content"), "map": "", "skip_bad": "yes"}
    )
    assert "2 added" in done.text and "3 bad row(s) left out" in done.text


def test_the_download_is_the_export(web: Web) -> None:
    _ = web.post("/import", data={"content": (FIXTURES / "jobsync.csv").read_text(), "map": ""})
    response = web.get("/applications.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(response.content.decode("utf-8-sig").splitlines()))
    assert {r["company"] for r in rows} == {
        "Adventure Works",
        "Woodgrove Bank",
        "Proseware",
        "Wingtip Toys",
    }
    assert all(r["status history"] for r in rows)


def test_the_upload_needs_the_form_token(web: Web) -> None:
    response = web.client.post(
        "/import/preview", files={"file": ("s.csv", b"company,role\nA,B\n", "text/csv")}
    )
    assert response.status_code == 403


def test_an_applications_page_shows_its_status_moves(web: Web) -> None:
    content = (FIXTURES / "huntr.csv").read_text(encoding="utf-8")
    assert "5 added" in web.post("/import", data={"content": content, "map": ""}).text
    page = web.get("/applications/3").text  # Contoso: saved 20 Sep, interviewing 12 Oct
    assert "Saved, not applied yet" in page
    assert "Status: saved → interviewing" in page
