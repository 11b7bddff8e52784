"""Reading other trackers' files: formats, columns, statuses and dates (no database)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from nextround.domain.errors import InvalidInput
from nextround.domain.model import ApplicationStatus as S
from nextround.services.trackers import (
    Row,
    open_tracker,
    parse_date,
    parse_map_options,
    read_history,
    read_status,
    text_lines,
    write_history,
)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "trackers"


def _read(name: str, **kw: Any) -> tuple[str, list[Row]]:
    tracker = open_tracker(text_lines((FIXTURES / name).read_bytes()), **kw)
    return tracker.format.name, list(tracker.rows)


@pytest.mark.parametrize(
    ("name", "fmt", "statuses"),
    [
        ("huntr.csv", "huntr", [S.APPLIED, S.SAVED, S.INTERVIEWING, S.REJECTED, S.OFFER]),
        ("jobsync.csv", "jobsync", [S.APPLIED, S.INTERVIEWING, S.REJECTED, S.SAVED]),
        (
            "simplify.csv",
            "simplify",
            [S.SAVED, S.APPLIED, S.INTERVIEWING, S.REJECTED, S.WITHDRAWN],
        ),
        ("justajobapp.csv", "justajobapp", [S.APPLIED, S.INTERVIEWING, S.REJECTED]),
        ("applications.md", "career-ops", [S.APPLIED, S.INTERVIEWING, S.SAVED, S.WITHDRAWN]),
        ("spreadsheet.csv", "csv", [S.APPLIED, S.INTERVIEWING, S.OFFER]),
    ],
)
def test_each_format_is_recognised_and_its_statuses_become_ours(
    name: str, fmt: str, statuses: list[S]
) -> None:
    found, rows = _read(name)
    assert found == fmt
    assert [r.application.status for r in rows] == statuses
    assert all(not r.error for r in rows)


def test_huntr_keys_by_its_id_and_dates_its_moves() -> None:
    _, rows = _read("huntr.csv")
    first = rows[0]
    assert first.key == "huntr:hx-101"
    assert first.application.notes == ""  # the description column is left out
    history = first.history
    moves = [(h.from_status, h.to_status) for h in history]
    assert moves == [(None, S.SAVED), (S.SAVED, S.APPLIED)]
    assert history[1].at == datetime(2026, 10, 2, 9, 0)


def test_excel_semicolons_bom_quoted_newlines_and_local_dates() -> None:
    tracker = open_tracker(text_lines((FIXTURES / "spreadsheet.csv").read_bytes()))
    assert tracker.mapping["Employer"] == "company"  # the mark is not part of the first header
    rows = list(tracker.rows)
    datenwerk, lumiere, _ = (r.application for r in rows)
    assert datenwerk is not None and lumiere is not None
    assert datenwerk.notes == "Sent the cover letter;\nand the portfolio"
    assert datenwerk.applied_on == datetime(2026, 10, 3, 9, 0)  # 03.10.2026: day first
    assert lumiere.applied_on == datetime(2026, 9, 21, 9, 0)
    assert datenwerk.salary == "55.000 €"
    assert [r.number for r in rows] == [2, 3, 4]  # a quoted newline is still one row


def test_simplify_dates_are_month_first() -> None:
    _, rows = _read("simplify.csv")
    assert rows[1].application.applied_on == datetime(2026, 10, 6, 9, 0)
    assert rows[0].application.applied_on is None  # saved: not applied


def test_markdown_cells_keep_escaped_pipes_and_stop_at_the_table_end() -> None:
    _, rows = _read("applications.md")
    assert len(rows) == 4
    assert rows[2].application.role == "Data Analyst | Pricing"


def test_bad_rows_say_why_with_their_number() -> None:
    _, rows = _read("bad_rows.csv")
    bad = {r.number: r.error for r in rows if r.error}
    assert set(bad) == {3, 4, 5}
    assert "no company" in bad[3]
    assert "not a date" in bad[4]
    assert "on the moon" in bad[5]


def test_columns_no_alias_knows_are_named_with_map() -> None:
    with pytest.raises(InvalidInput, match="--map COLUMN=company"):
        open_tracker(text_lines((FIXTURES / "unmapped.csv").read_bytes()))
    mapping = parse_map_options(["Firm=company", "Progress=status", "Sent on=applied"])
    _, rows = _read("unmapped.csv", mapping=mapping)
    apps = [r.application for r in rows]
    assert [(a.company, a.role, a.status) for a in apps] == [
        ("Olympia Gym", "Membership Analyst", S.APPLIED),
        ("Southridge Video", "Insights Analyst", S.REJECTED),
    ]


@pytest.mark.parametrize(
    ("option", "needle"),
    [("Firm=employer", "no field 'employer'"), ("Nope=company", "no column 'Nope'")],
)
def test_a_wrong_map_is_one_clear_error(option: str, needle: str) -> None:
    with pytest.raises(InvalidInput, match=needle):
        open_tracker(
            text_lines((FIXTURES / "unmapped.csv").read_bytes()),
            mapping=parse_map_options([option]),
        )


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"", "empty"),
        (b"\xff\xfe\x00garbage", "UTF-8"),
        (b"just one line of prose\n", "no header row"),
    ],
)
def test_unreadable_files_say_why(data: bytes, needle: str) -> None:
    with pytest.raises(InvalidInput, match=needle):
        open_tracker(text_lines(data))


@pytest.mark.parametrize(
    ("raw", "month_first", "expected"),
    [
        ("2026-10-03", True, datetime(2026, 10, 3, 9, 0)),
        ("2026-10-03T14:30:00", True, datetime(2026, 10, 3, 14, 30)),
        ("10/03/2026", True, datetime(2026, 10, 3, 9, 0)),
        ("10/03/2026", False, datetime(2026, 3, 10, 9, 0)),
        ("25/03/2026", True, datetime(2026, 3, 25, 9, 0)),  # the day shows itself
        ("03.10.2026", True, datetime(2026, 10, 3, 9, 0)),  # dotted: always day first
        ("3 Oct 2026", True, datetime(2026, 10, 3, 9, 0)),
        ("October 3rd, 2026", True, datetime(2026, 10, 3, 9, 0)),
        ("2026/10/03 08:15", True, datetime(2026, 10, 3, 8, 15)),
    ],
)
def test_dates_read_in_iso_and_local_forms(raw: str, month_first: bool, expected: datetime) -> None:
    assert parse_date(raw, month_first=month_first) == expected


@pytest.mark.parametrize("raw", ["31/31/2026", "soon", "Smarch 3, 2026"])
def test_what_is_not_a_date_is_none(raw: str) -> None:
    assert parse_date(raw, month_first=True) is None


def test_statuses_words_and_blanks() -> None:
    assert read_status("Wishlist", applied=False) is S.SAVED
    assert read_status("phone_screen", applied=True) is S.INTERVIEWING
    assert read_status("", applied=True) is S.APPLIED
    assert read_status("", applied=False) is S.SAVED
    with pytest.raises(InvalidInput, match="not one we know"):
        read_status("pondering", applied=True)


def test_history_cells_round_trip() -> None:
    cell = "2026-10-01 09:00 saved; 2026-10-03 09:00 applied; 2026-10-20 16:45 rejected"
    history = read_history(cell)
    assert [h.from_status for h in history] == [None, S.SAVED, S.APPLIED]
    assert write_history(history) == cell


def test_a_semicolon_spreadsheet_reads_slashed_dates_day_first() -> None:
    lines = text_lines(b"company;role;applied\nA;B;03/10/2026\n")
    assert [r.application.applied_on for r in open_tracker(lines).rows if r.application] == [
        datetime(2026, 10, 3, 9, 0)
    ]
    comma = text_lines(b"company,role,applied\nA,B,03/10/2026\n")
    assert [r.application.applied_on for r in open_tracker(comma).rows if r.application] == [
        datetime(2026, 3, 10, 9, 0)
    ]
