"""`calendar export` and `interview import` through the real CLI."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
import vobject

from tests.e2e.conftest import Run

INVITE = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test team//Invitation fixture//EN
METHOD:REQUEST
BEGIN:VEVENT
UID:{uid}
SEQUENCE:{sequence}
DTSTAMP:20261110T120000Z
DTSTART:{start}
DTEND:20261120T110000Z
SUMMARY:{summary}
ORGANIZER;CN=Sam Lee:mailto:sam.lee@{domain}
ATTENDEE;CN=Ana Lima:mailto:ana@example.org
LOCATION:Video call
END:VEVENT
END:VCALENDAR
"""


def _invite(
    tmp_path: Path,
    *,
    uid: str = "inv-1@contoso.example",
    summary: str = "Technical interview",
    domain: str = "contoso.example",
    start: str = "20261120T100000",
    sequence: int = 0,
) -> Path:
    path = tmp_path / f"{uid.split('@')[0]}-{sequence}.ics"
    text = INVITE.format(uid=uid, summary=summary, domain=domain, start=start, sequence=sequence)
    path.write_text(text.replace("\n", "\r\n"), encoding="utf-8")
    return path


def test_calendar_export_writes_a_file_both_parsers_read(cli: Run, tmp_path: Path) -> None:
    app = cli("app", "add", "Northwind", "Data Analyst").id
    assert (
        cli("interview", "add", str(app), "--stage", "final", "--when", "2026-11-20 15:00").code
        == 0
    )
    out = tmp_path / "mine.ics"
    result = cli("calendar", "export", str(out))
    assert result.code == 0 and "wrote 1 event" in result.out
    [event] = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "Final interview: Northwind"
    assert vobject.readOne(out.read_text()).vevent.uid.value == str(event["uid"])
    assert not list(tmp_path.glob("*.part"))


def test_calendar_export_names_the_machines_zone(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TZ=Europe/London: the interview on the day British clocks go forward stays at 14:00."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    try:
        app = cli("app", "add", "Northwind", "Data Analyst").id
        when = ("--when", "2027-03-28 14:00")
        assert cli("interview", "add", str(app), "--stage", "final", *when).code == 0
        out = tmp_path / "mine.ics"
        assert cli("calendar", "export", str(out)).code == 0
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    data = out.read_bytes()
    assert b"DTSTART;TZID=Europe/London:20270328T140000" in data
    [event] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    moment = datetime(2027, 3, 28, 13, 0, tzinfo=UTC)
    assert event.decoded("dtstart") == moment
    assert vobject.readOne(data.decode()).vevent.dtstart.value == moment


def test_calendar_export_to_a_folder_is_one_line(cli: Run, tmp_path: Path) -> None:
    result = cli("calendar", "export", str(tmp_path))
    assert result.code == 2
    assert "is a directory" in result.err and "Traceback" not in result.err
    assert not list(tmp_path.iterdir())


def test_interview_import_matches_by_organizer_domain_once(cli: Run, tmp_path: Path) -> None:
    cli("app", "add", "Northwind", "Data Analyst")
    contoso = cli("app", "add", "Contoso Ltd", "Engineer").id
    first = cli("interview", "import", str(_invite(tmp_path)))
    assert first.code == 0, first.err
    assert "recorded interview" in first.err and "Contoso Ltd" in first.err
    again = cli("interview", "import", str(_invite(tmp_path)))
    assert again.code == 0 and "already recorded" in again.err and again.id == first.id
    listed = cli("interview", "list", "--app", str(contoso), "--json").json()
    assert len(listed) == 1 and listed[0]["stage"] == "technical"
    # the same invitation moved (a higher SEQUENCE): the interview moves, no second one
    moved = cli("interview", "import", str(_invite(tmp_path, start="20261121T090000Z", sequence=1)))
    assert moved.code == 0 and "moved" in moved.err
    listed = cli("interview", "list", "--app", str(contoso), "--json").json()
    assert len(listed) == 1 and listed[0]["when"].startswith("2026-11-21")
    contacts = cli("contact", "list", "--json").json()
    assert [c["email"] for c in contacts] == ["sam.lee@contoso.example", "ana@example.org"]


def test_a_cancellation_removes_the_interview_its_invitation_recorded(
    cli: Run, tmp_path: Path
) -> None:
    contoso = cli("app", "add", "Contoso Ltd", "Engineer").id
    first = cli("interview", "import", str(_invite(tmp_path)))
    assert first.code == 0, first.err
    cancel = _invite(tmp_path, sequence=1)
    cancel.write_text(
        cancel.read_text().replace("METHOD:REQUEST", "METHOD:CANCEL"), encoding="utf-8"
    )
    done = cli("interview", "import", str(cancel))
    assert done.code == 0, done.err
    assert "cancelled, removed interview" in done.err and done.id == first.id
    assert cli("interview", "list", "--app", str(contoso), "--json").json() == []
    again = cli("interview", "import", str(cancel))
    assert again.code != 0 and again.err.count("\n") == 1
    assert "already cancelled" in again.err and "Traceback" not in again.err


def test_interview_import_by_company_in_the_title(cli: Run, tmp_path: Path) -> None:
    north = cli("app", "add", "Northwind Health", "Data Analyst").id
    path = _invite(tmp_path, summary="Northwind Health: final round", domain="gmail.com")
    result = cli("interview", "import", str(path), "--json")
    assert result.code == 0
    [done] = result.json()
    assert done["application_id"] == north and done["stage"] == "final"


def test_an_ambiguous_invitation_asks_for_the_application(cli: Run, tmp_path: Path) -> None:
    cli("app", "add", "Contoso", "Engineer")
    second = cli("app", "add", "Contoso", "Data Engineer").id
    path = _invite(tmp_path, summary="Interview")
    refused = cli("interview", "import", str(path))
    assert refused.code == 2 and "--app" in refused.err and refused.err.count("\n") == 1
    assert cli("interview", "list", "--json").json() == []
    chosen = cli("interview", "import", str(path), "--app", str(second))
    assert chosen.code == 0
    assert cli("interview", "list", "--app", str(second), "--json").json()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "empty"),
        (b"this is not a calendar\n", "not a calendar invitation"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "no event"),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:2026-11-xx\r\n"
            b"END:VEVENT\r\nEND:VCALENDAR\r\n",
            "not a calendar invitation",
        ),
    ],
)
def test_a_broken_file_is_one_line(cli: Run, tmp_path: Path, content: bytes, says: str) -> None:
    cli("app", "add", "Contoso", "Engineer")
    path = tmp_path / "broken.ics"
    path.write_bytes(content)
    result = cli("interview", "import", str(path))
    assert result.code == 2 and says in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert cli("interview", "list", "--json").json() == []


def test_no_matching_application_records_nothing(cli: Run, tmp_path: Path) -> None:
    cli("app", "add", "Northwind", "Data Analyst")
    result = cli("interview", "import", str(_invite(tmp_path)))
    assert result.code == 2 and "no application matches" in result.err
    assert cli("interview", "list", "--json").json() == []
