"""Import from other trackers and export to CSV, on both backends."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from nextround.domain.errors import InvalidInput
from nextround.domain.model import ApplicationStatus as S
from nextround.services import learn, record
from nextround.services.history_import import (
    EXPORT_COLUMNS,
    ImportReport,
    export_history_file,
    import_history,
    import_history_file,
)
from nextround.services.trackers import text_lines
from nextround.store import Database, open_database, sqlite_url
from tests.store.test_services import MONDAY, loop_until_actionable

FIXTURES = Path(__file__).parent.parent / "fixtures" / "trackers"
ALL = ("huntr.csv", "jobsync.csv", "simplify.csv", "justajobapp.csv", "applications.md")


def _import(db: Database, name: str, **kw: Any) -> ImportReport:
    return import_history_file(db=db, path=FIXTURES / name, now=MONDAY, **kw)


def _apps(db: Database) -> list[tuple[object, ...]]:
    return sorted(
        (a.company, a.role, a.status, a.applied_on, a.job_url, a.location, a.salary, a.notes)
        for a in record.list_applications(db=db)
    )


def _histories(db: Database) -> list[tuple[str, list[tuple[datetime, S | None, S]]]]:
    with db.unit() as repo:
        history = repo.status_history()
        apps = repo.applications()
    return sorted(
        (f"{a.company}|{a.role}", [(h.at, h.from_status, h.to_status) for h in history[a.id or 0]])
        for a in apps
    )


def test_every_status_write_is_dated_in_the_history(db: Database) -> None:
    app = record.add_application(
        db=db, company="Acme", role="Analyst", status=S.SAVED, now=datetime(2026, 11, 2, 9, 0)
    )
    assert app.id is not None
    record.update_application(
        db=db, application_id=app.id, status=S.APPLIED, now=datetime(2026, 11, 4, 9, 0)
    )
    record.record_interview(
        db=db,
        application_id=app.id,
        stage="screen",
        when=datetime(2026, 11, 10, 11, 0),
        now=datetime(2026, 11, 5, 9, 0),
    )
    record.update_application(db=db, application_id=app.id, notes="only notes", now=MONDAY)
    with db.unit() as repo:
        moves = repo.status_history(app.id)[app.id]
    assert [(m.at.day, m.from_status, m.to_status) for m in moves] == [
        (2, None, S.SAVED),
        (4, S.SAVED, S.APPLIED),
        (5, S.APPLIED, S.INTERVIEWING),
    ]


def test_import_then_import_again_adds_nothing(db: Database) -> None:
    first = _import(db, "huntr.csv")
    assert (first.added, first.unchanged, first.written) == (5, 0, True)
    before = _apps(db)
    assert before[1][:3] == ("Fabrikam", "Platform Engineer", S.SAVED)
    again = _import(db, "huntr.csv")
    assert (again.added, again.changed, again.unchanged) == (0, 0, 5)
    assert _apps(db) == before
    assert [a.company for a in record.list_applications(db=db, status=S.SAVED)] == ["Fabrikam"]


def test_a_later_move_in_the_tracker_changes_the_status_but_not_a_newer_one_of_ours(
    db: Database, tmp_path: Path
) -> None:
    _import(db, "huntr.csv")
    moved = (FIXTURES / "huntr.csv").read_text(encoding="utf-8")
    moved = moved.replace(
        "Remote,,2026-10-05T12:00:00.000Z,,",
        "Remote,,2026-10-05T12:00:00.000Z,2026-10-09T10:00:00Z,",
    ).replace("Platform Engineer,Fabrikam,Wishlist", "Platform Engineer,Fabrikam,Applied")
    path = tmp_path / "huntr-later.csv"
    path.write_text(moved, encoding="utf-8")
    report = import_history_file(db=db, path=path, now=MONDAY)
    assert (report.added, report.changed, report.unchanged) == (0, 1, 4)
    fabrikam = record.list_applications(db=db, status=S.APPLIED)
    assert "Fabrikam" in [a.company for a in fabrikam]
    with db.unit() as repo:
        app_id = repo.applications(company="Fabrikam")[0].id
        assert app_id is not None
        moves = repo.status_history(app_id)[app_id]
    assert [(m.to_status, m.at) for m in moves][-1] == (S.APPLIED, datetime(2026, 10, 9, 10, 0))

    # the user withdrew it here later: an old file does not undo that
    record.update_application(db=db, application_id=app_id, status=S.WITHDRAWN, now=MONDAY)
    report = import_history_file(db=db, path=path, now=MONDAY)
    assert report.changed == 0
    assert record.list_applications(db=db, status=S.WITHDRAWN)[0].company == "Fabrikam"


def test_bad_rows_import_nothing_unless_skipped(db: Database) -> None:
    refused = _import(db, "bad_rows.csv")
    assert [n for n, _ in refused.bad] == [3, 4, 5]
    assert not refused.written and record.list_applications(db=db) == []
    taken = _import(db, "bad_rows.csv", skip_bad=True)
    assert taken.written and taken.added == 2
    assert [a.company for a in record.list_applications(db=db)] == ["Good Co", "Fifth Co"]


def test_a_dry_run_reports_and_changes_nothing(db: Database) -> None:
    report = _import(db, "simplify.csv", dry_run=True)
    assert report.format == "simplify" and report.added == 5
    assert ("Company Name", "company") in report.mapping
    assert [a.verb for a in report.actions] == ["add"] * 5
    assert not report.written
    assert record.list_applications(db=db) == []


def test_an_unreadable_file_imports_nothing(db: Database, tmp_path: Path) -> None:
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("company,role\nCaf\xe9 Ltd,Analyst\n".encode("latin-1"))
    with pytest.raises(InvalidInput, match="not a UTF-8 text file"):
        import_history_file(db=db, path=latin, now=MONDAY)
    with pytest.raises(InvalidInput, match="no such file"):
        import_history_file(db=db, path=tmp_path / "missing.csv", now=MONDAY)
    assert record.list_applications(db=db) == []


def test_import_export_import_gives_the_same_applications(db: Database, tmp_path: Path) -> None:
    for name in ALL:
        assert _import(db, name).written
    exported = tmp_path / "export.csv"
    assert export_history_file(db=db, path=exported) == 21

    fresh = open_database(sqlite_url(tmp_path / "fresh.sqlite"))
    try:
        report = import_history_file(db=fresh, path=exported, now=MONDAY)
        assert report.format == "nextround" and report.added == 21 and not report.bad
        assert _apps(fresh) == _apps(db)
        assert _histories(fresh) == _histories(db)
        # and importing the export where it came from adds nothing
        again = import_history_file(db=db, path=exported, now=MONDAY)
        assert (again.added, again.changed) == (0, 0)
    finally:
        fresh.dispose()


def test_export_gives_interviews_feedback_lessons_and_history(db: Database, tmp_path: Path) -> None:
    _, reply_id = loop_until_actionable(db)
    learn.keep_lessons_from_reply(db=db, message_id=reply_id, now=MONDAY)
    path = tmp_path / "out.csv"
    export_history_file(db=db, path=path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    row = rows[0]
    assert row["company"] == "Tidewater Energy" and row["status"] == "rejected"
    assert row["interviews"].startswith("2026-11-")
    assert row["feedback"] == "gave concrete feedback"
    assert row["lessons"]  # the statements kept
    assert row["status history"].split("; ")[-1].endswith("rejected")
    assert "interviewing" in row["status history"]


def test_text_from_an_upload_imports_like_a_file(db: Database) -> None:
    data = (FIXTURES / "spreadsheet.csv").read_bytes()
    report = import_history(db=db, lines=text_lines(data), now=MONDAY)
    assert report.written and report.added == 3
    assert record.list_applications(db=db, status=S.OFFER)[0].company == "Nordlicht AG"
