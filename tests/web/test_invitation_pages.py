"""The invitation import page (upload an .ics, preview, confirm), through the app."""

from __future__ import annotations

import re
from html import unescape

from nextround.services import record
from nextround.store import Database
from tests.web.conftest import Web

INVITE = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test team//Invitation fixture//EN
METHOD:{method}
BEGIN:VEVENT
UID:{uid}
SEQUENCE:{sequence}
DTSTAMP:20261110T120000Z
DTSTART:{start}
SUMMARY:{summary}
ORGANIZER;CN=Sam Lee:mailto:sam.lee@contoso.example
ATTENDEE;CN=Ana Lima:mailto:ana@example.org
LOCATION:Video call
END:VEVENT
END:VCALENDAR
"""


def invite(
    *,
    uid: str = "inv-1@contoso.example",
    summary: str = "Technical interview",
    start: str = "20261120T100000",
    sequence: int = 0,
    method: str = "REQUEST",
) -> bytes:
    text = INVITE.format(uid=uid, summary=summary, start=start, sequence=sequence, method=method)
    return text.replace("\n", "\r\n").encode("utf-8")


def preview(web: Web, data: bytes, **fields: str) -> tuple[int, str]:
    response = web.post(
        "/interviews/import/preview",
        data=fields,
        files={"file": ("invite.ics", data, "text/calendar")},
    )
    return response.status_code, response.text


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, name
    return unescape(found.group(1))


def interviews(db: Database, app_id: int) -> list[tuple[str, str]]:
    with db.unit() as repo:
        return [
            (i.stage, f"{i.when:%Y-%m-%d %H:%M}") for i in repo.interviews(application_id=app_id)
        ]


def add_app(db: Database, company: str, role: str = "Engineer") -> int:
    from tests.conftest import NOW

    app = record.add_application(db=db, company=company, role=role, now=NOW)
    assert app.id is not None
    return app.id


def test_preview_changes_nothing_and_confirm_records(web: Web, db: Database) -> None:
    add_app(db, "Northwind", "Data Analyst")
    contoso = add_app(db, "Contoso Ltd")
    status, html = preview(web, invite())
    assert status == 200, html[:500]
    assert "Record <strong>technical</strong>" in html and "<strong>Contoso Ltd</strong>" in html
    assert interviews(db, contoso) == []  # a preview writes nothing

    done = web.post("/interviews/import", data={"content": hidden(html, "content"), "stage": ""})
    assert done.status_code == 200 and "Recorded <strong>technical</strong>" in done.text
    assert interviews(db, contoso) == [("technical", "2026-11-20 10:00")]
    page = web.get(f"/applications/{contoso}").text
    assert "Sam Lee" in page and "From the invitation: Technical interview" in page

    # the same file again: nothing to do, and the button says so
    status, again = preview(web, invite())
    assert status == 200 and "Already recorded, nothing changes" in again
    assert re.search(r'<button type="submit" class="primary" disabled>', again)


def test_an_update_moves_and_a_cancellation_removes(web: Web, db: Database) -> None:
    contoso = add_app(db, "Contoso Ltd")
    web.post("/interviews/import", data={"content": invite().decode()})
    moved = invite(start="20261121T090000", sequence=1)
    status, html = preview(web, moved)
    assert status == 200 and "Move <strong>technical</strong>" in html
    web.post("/interviews/import", data={"content": hidden(html, "content")})
    assert interviews(db, contoso) == [("technical", "2026-11-21 09:00")]

    cancel = invite(sequence=2, method="CANCEL")
    status, html = preview(web, cancel)
    assert status == 200 and "Cancelled: remove <strong>technical</strong>" in html
    assert "Remove the interview" in html
    assert len(interviews(db, contoso)) == 1
    done = web.post("/interviews/import", data={"content": hidden(html, "content")})
    assert "Cancelled, removed" in done.text
    assert interviews(db, contoso) == []
    # a cancellation of nothing on file is one line, and changes nothing
    status, html = preview(web, cancel)
    assert status == 422 and "no interview on file came from its invitation" in html


def test_several_matching_applications_are_offered_as_choices(web: Web, db: Database) -> None:
    add_app(db, "Contoso Ltd", "Engineer")
    analyst = add_app(db, "Contoso Ltd", "Analyst")
    status, html = preview(web, invite())
    assert status == 422
    assert "could be for" in html and "say which below" in html and "--app" not in html
    assert html.count('type="radio" name="application_id"') == 2
    content = hidden(html, "content")
    # the choice comes back with the file's text: it need not be chosen again
    chosen = web.post(
        "/interviews/import/preview",
        data={"content": content, "application_id": str(analyst), "stage": "final"},
    )
    assert chosen.status_code == 200 and "Record <strong>final</strong>" in chosen.text
    assert "(Analyst, applied)" in chosen.text
    done = web.post(
        "/interviews/import",
        data={
            "content": hidden(chosen.text, "content"),
            "application_id": hidden(chosen.text, "application_id"),
            "stage": hidden(chosen.text, "stage"),
        },
    )
    assert done.status_code == 200
    assert interviews(db, analyst) == [("final", "2026-11-20 10:00")]


def test_from_an_applications_page_it_is_for_that_application(web: Web, db: Database) -> None:
    fabrikam = add_app(db, "Fabrikam")
    page = web.get(f"/applications/{fabrikam}").text
    assert f'href="/interviews/import?app={fabrikam}"' in page
    form = web.get(f"/interviews/import?app={fabrikam}").text
    assert "For <strong>Fabrikam</strong>" in form
    status, html = preview(web, invite(), application_id=str(fabrikam))
    assert status == 200 and "<strong>Fabrikam</strong>" in html
    web.post(
        "/interviews/import",
        data={"content": hidden(html, "content"), "application_id": str(fabrikam)},
    )
    assert interviews(db, fabrikam) == [("technical", "2026-11-20 10:00")]
    assert web.get("/interviews/import?app=999999").status_code == 404


def test_a_bad_file_is_one_line_and_records_nothing(web: Web, db: Database) -> None:
    contoso = add_app(db, "Contoso Ltd")
    cases = [
        (b"", "choose the invitation"),
        (b"hello, not a calendar", "not a calendar invitation nextround can read"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "no event with a start time"),
        (invite(start="30261120T100000"), "is not a real date"),
        (b"BEGIN:VCALENDAR\r\n" + b"X" * 2_100_000, "larger than 2 MB"),
    ]
    for data, says in cases:
        status, html = preview(web, data)
        assert status == 422, says
        [error] = re.findall(r'<p class="error" id="f-file-error">(.*?)</p>', html, re.S)
        assert says in unescape(error) and "Traceback" not in html
    stranger = invite(summary="Chat with Woodgrove").replace(b"contoso", b"woodgrove")
    status, html = preview(web, stranger)
    assert status == 422 and "no application matches" in html
    assert interviews(db, contoso) == []


def test_the_upload_needs_the_form_token(web: Web) -> None:
    response = web.client.post(
        "/interviews/import/preview", files={"file": ("i.ics", invite(), "text/calendar")}
    )
    assert response.status_code == 403


def test_the_calendar_page_links_to_it(web: Web) -> None:
    page = web.get("/feed").text
    assert 'href="/interviews/import"' in page
    assert web.get("/interviews/import").status_code == 200
