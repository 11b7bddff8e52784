"""Bringing a job search's history in from another tracker, and taking it out as CSV.

An import is one unit of work: everything it adds or changes commits together,
or nothing does (a dry run, a bad row without ``skip_bad``, an unreadable
file). Rows are read, checked and inserted in batches as the file streams by,
so a large file is never held in memory twice.
"""

from __future__ import annotations

import csv
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from nextround.domain.errors import InvalidInput
from nextround.domain.model import Application, StatusChange
from nextround.domain.thread import STATE_WORDS
from nextround.services.trackers import (
    FORMULA_STARTS,
    CountingLines,
    Row,
    describe_mapping,
    natural_key,
    open_tracker,
    write_history,
)
from nextround.store import plain_import as sql

if TYPE_CHECKING:
    from nextround.store import Database
    from nextround.store.plain_import import Writable, Writes

log = logging.getLogger(__name__)

BATCH = 500  # rows inserted per statement
PREVIEW = 50  # actions kept to show (a dry run, the web preview)


@dataclass(frozen=True, slots=True)
class Action:
    """What the import does (or would do) with one row."""

    row: int
    verb: str  # "add" or "change"
    company: str
    role: str
    status: str  # for a change: "applied -> interviewing"
    applied: datetime | None


@dataclass(slots=True)
class ImportReport:
    """What an import read, did (or would do, in a dry run) and could not read."""

    format: str  # the format's name, e.g. "huntr"
    format_label: str  # in words, e.g. "Huntr (CSV export)"
    mapping: list[tuple[str, str]]  # column -> what it became
    rows: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0  # already on file, as the file has it
    bad: list[tuple[int, str]] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)  # the first PREVIEW adds and changes
    written: bool = False  # whether the database now holds the import

    @property
    def skipped(self) -> int:
        return self.unchanged + len(self.bad)


class _NothingWritten(Exception):
    """Raised inside the unit of work to roll it back: a dry run, or bad rows not skipped."""


ProgressFn = Callable[[int], None]  # rows read so far


def import_history(
    *,
    db: Writable,
    lines: Iterable[str],
    now: datetime,
    mapping: Mapping[str, str] | None = None,
    skip_bad: bool = False,
    dry_run: bool = False,
    on_progress: ProgressFn | None = None,
) -> ImportReport:
    """Read a tracker's file (its text, line by line) into applications with their history.

    Re-importing the same file adds nothing: a row is known by the tracker's id
    for it where it has one, else by company + role + applied date. A row
    already on file whose status the file shows moving later than ours moves
    it ("changed"). Bad rows are reported by number; with any, nothing is
    written unless ``skip_bad``.
    """
    tracker = open_tracker(lines, mapping=mapping)
    report = ImportReport(
        format=tracker.format.name,
        format_label=tracker.format.label,
        mapping=describe_mapping(tracker.mapping),
    )
    log.debug("importing %s, columns %s", tracker.format.name, tracker.mapping)
    try:
        with db.writing() as repo:
            _apply(repo, tracker.rows, report, now=now, skip_bad=skip_bad, on_progress=on_progress)
            if dry_run or (report.bad and not skip_bad):
                raise _NothingWritten
            report.written = True
    except _NothingWritten:
        report.written = False
    except UnicodeDecodeError as err:
        raise InvalidInput(f"not a UTF-8 text file (byte {err.start} cannot be read)") from None
    return report


def _apply(
    repo: Writes,
    rows: Iterator[Row],
    report: ImportReport,
    *,
    now: datetime,
    skip_bad: bool,
    on_progress: ProgressFn | None,
) -> None:
    keys = sql.import_keys(repo)
    natural: dict[str, int] = {}
    known: dict[int, Application] = {}  # what is on file, read once (not a query a row)
    for app in sql.applications(repo):
        assert app.id is not None
        known[app.id] = app
        natural.setdefault(natural_key(app.company, app.role, app.applied_on), app.id)
    pending: dict[str, int] = {}  # keys of rows added by this import -> their row number
    batch: list[tuple[Application, str, list[StatusChange]]] = []
    own_ids = f"{report.format}:"  # the prefix of a key from this tracker's own ids
    for row in rows:
        report.rows += 1
        if on_progress is not None and report.rows % 200 == 0:
            on_progress(report.rows)
        if row.error or row.application is None:
            report.bad.append((row.number, row.error))
            log.debug("row %d: %s", row.number, row.error)
            continue
        app = row.application
        nkey = row.natural or natural_key(app.company, app.role, app.applied_on)
        if row.key in pending or nkey in pending:
            report.unchanged += 1  # the same application twice in one file
            continue
        existing = keys.get(row.key)
        if existing is None and not row.key.startswith(own_ids):
            existing = natural.get(nkey)
        if existing is not None:
            ours = known[existing]
            _update(repo, ours, row.key, keys, row.number, app, row.history, report)
            continue
        history = row.history or [StatusChange(at=now, to_status=app.status)]
        pending[row.key] = pending[nkey] = row.number
        report.added += 1
        if len(report.actions) < PREVIEW:
            verb = app.status.value
            report.actions.append(
                Action(row.number, "add", app.company, app.role, verb, app.applied_on)
            )
        if report.bad and not skip_bad:
            continue  # nothing will be written: read on only to report every bad row
        batch.append((app, row.key, history))
        if len(batch) >= BATCH:
            sql.add_applications(repo, batch, now=now)
            batch.clear()
    if batch and not (report.bad and not skip_bad):
        sql.add_applications(repo, batch, now=now)
    if on_progress is not None:
        on_progress(report.rows)


def _update(
    repo: Writes,
    ours: Application,
    key: str,
    keys: dict[str, int],
    number: int,
    app: Application,
    history: list[StatusChange],
    report: ImportReport,
) -> None:
    """A row already on file: move its status if the file saw a later move than we did."""
    app_id = ours.id
    assert app_id is not None
    if key not in keys:
        sql.add_import_key(repo, key, app_id)
        keys[key] = app_id
    if ours.status is app.status or not history:
        report.unchanged += 1
        return
    moved_at = history[-1].at
    our_last = sql.last_move(repo, app_id)
    if our_last is not None and our_last >= moved_at:
        report.unchanged += 1  # ours is newer: keep what the user recorded here
        return
    sql.set_status(repo, app_id, ours.status, app.status, at=moved_at)
    report.changed += 1
    verb = f"{ours.status.value} -> {app.status.value}"
    ours.status = app.status  # a later row for it sees where it now stands
    _note(report, Action(number, "change", ours.company, ours.role, verb, ours.applied_on))


def _note(report: ImportReport, action: Action) -> None:
    if len(report.actions) < PREVIEW:
        report.actions.append(action)


def import_history_file(
    *,
    db: Writable,
    path: Path,
    now: datetime,
    mapping: Mapping[str, str] | None = None,
    skip_bad: bool = False,
    dry_run: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """``import_history`` on a file; ``on_progress(characters read, file size)``."""
    try:
        size = path.stat().st_size
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise InvalidInput(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a folder, not a file") from None
    except OSError as err:
        raise InvalidInput(f"cannot read {path}: {err.strerror}") from err
    with handle:
        counted = CountingLines(handle)
        progress = None
        if on_progress is not None:
            report_progress = on_progress

            def progress(_rows: int) -> None:
                report_progress(min(counted.read, size), size)

        try:
            return import_history(
                db=db,
                lines=counted,
                now=now,
                mapping=mapping,
                skip_bad=skip_bad,
                dry_run=dry_run,
                on_progress=progress,
            )
        except UnicodeDecodeError as err:
            raise InvalidInput(
                f"{path} is not a UTF-8 text file (byte {err.start} cannot be read)"
            ) from None


# -- export ------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "nextround id",
    "company",
    "role",
    "status",
    "applied",
    "source",
    "url",
    "location",
    "salary",
    "notes",
    "interviews",
    "feedback",
    "lessons",
    "status history",
)


def export_rows(*, db: Database) -> Iterator[list[str]]:
    """The header, then one row per application: its interviews' dates, where its feedback
    stands in words, the lessons kept from it, and its status history with dates."""
    with db.unit() as repo:
        apps = repo.applications()
        interviews: dict[int, list[str]] = {}
        for i in repo.interviews():
            interviews.setdefault(i.application_id, []).append(f"{i.when:%Y-%m-%d %H:%M} {i.stage}")
        threads = {t.application_id: t for t in repo.threads()}
        lessons: dict[int, list[str]] = {}
        for lesson in repo.lessons():
            if lesson.application_id is not None:
                lessons.setdefault(lesson.application_id, []).append(lesson.statement)
        history = repo.status_history()
    yield list(EXPORT_COLUMNS)
    for app in apps:
        assert app.id is not None
        thread = threads.get(app.id)
        yield [
            str(app.id),
            app.company,
            app.role,
            app.status.value,
            _day_or_time(app.applied_on),
            app.source,
            app.job_url,
            app.location,
            app.salary,
            app.notes,
            "; ".join(interviews.get(app.id, [])),
            STATE_WORDS[thread.state] if thread is not None else "",
            "; ".join(lessons.get(app.id, [])),
            write_history(history.get(app.id, [])),
        ]


def _day_or_time(value: datetime | None) -> str:
    """A date as read back the same: the bare day when it is 09:00 (how a bare day reads)."""
    if value is None:
        return ""
    return f"{value:%Y-%m-%d}" if value.time() == time(9, 0) else f"{value:%Y-%m-%d %H:%M}"


def write_export(*, db: Database, out: TextIO) -> int:
    """Write the CSV to ``out``; how many applications it holds."""
    writer = csv.writer(out)
    count = -1
    for row in export_rows(db=db):
        writer.writerow([_defused(cell) for cell in row])
        count += 1
    return count


def _defused(cell: str) -> str:
    """A cell a spreadsheet would run as a formula starts with an apostrophe instead."""
    return "'" + cell if cell[:1] in FORMULA_STARTS else cell


def export_history_file(*, db: Database, path: Path) -> int:
    """Write the CSV atomically (``.part`` then rename); how many applications it holds."""
    part = path.with_name(path.name + ".part")
    try:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as out:
            count = write_export(db=db, out=out)
        part.replace(path)
    except OSError as err:
        part.unlink(missing_ok=True)
        raise InvalidInput(f"cannot write {path}: {err.strerror}") from err
    return count


__all__ = [
    "EXPORT_COLUMNS",
    "Action",
    "ImportReport",
    "export_history_file",
    "export_rows",
    "import_history",
    "import_history_file",
    "write_export",
]
