"""Back up everything to one versioned JSON file, and restore it into an empty database."""

from __future__ import annotations

import json
import os
from dataclasses import fields, is_dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

from nextround import __version__
from nextround.domain.errors import InvalidInput, NextroundError
from nextround.domain.model import (
    Application,
    ApplicationStatus,
    Channel,
    Contact,
    Direction,
    Interview,
    Lesson,
    LessonStatus,
    Message,
    MessageKind,
    Polarity,
    Sighting,
    Transition,
)
from nextround.domain.themes import Theme
from nextround.domain.thread import FeedbackThread, ThreadState
from nextround.services.session_secret import LOCAL_META
from nextround.store import Database
from nextround.store.repository import CALENDAR_TABLES, MAIL_TABLES

FORMAT = "nextround-export"
FORMAT_VERSION = 1


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value


def export_data(*, db: Database, now: datetime) -> dict[str, Any]:
    with db.unit() as repo:
        data = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "exported_at": now.isoformat(),
            "nextround": __version__,
            # the web session secret and the database id stay with their database:
            # a restore makes new ones
            "meta": {k: v for k, v in repo.all_meta().items() if k not in LOCAL_META},
            "applications": [_plain(a) for a in repo.applications()],
            "contacts": [_plain(c) for c in repo.contacts()],
            "interviews": [_plain(i) for i in repo.interviews()],
            "threads": [_plain(t) for t in repo.threads()],
            "messages": [_plain(m) for m in repo.messages()],
            "lessons": [_plain(lesson) for lesson in repo.lessons()],
            # each application's status moves, and which tracker rows were imported (0006)
            "status_changes": repo.dump_rows("status_changes"),
            "import_keys": repo.dump_rows("import_keys"),
            # accounts, the import ledger, raw messages and drafts placed in mailboxes
            # (on a multi-user server, mail is not per person yet: none)
            "mail": {
                table: [] if repo.owner is not None else repo.dump_rows(table)
                for table in MAIL_TABLES
            },
            # SEQUENCE per event and invitations already recorded: calendars see no change
            "calendar": {table: repo.dump_rows(table) for table in CALENDAR_TABLES},
        }
    return data


def export_file(*, db: Database, path: Path, now: datetime) -> dict[str, int]:
    """Write the export atomically (``.part`` then rename); return counts per table."""
    data = export_data(db=db, now=now)
    part = path.with_name(path.name + ".part")
    try:
        # owner-only: an export holds your mail, raw
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(data, indent=1, ensure_ascii=False))
        part.replace(path)
    except OSError as err:
        part.unlink(missing_ok=True)
        raise InvalidInput(f"cannot write {path}: {err.strerror}") from err
    return _counts(data)


def _counts(data: dict[str, Any]) -> dict[str, int]:
    counts = {k: len(v) for k, v in data.items() if isinstance(v, list)}
    mail = data.get("mail") or {}
    counts["mail rows"] = sum(len(rows) for rows in mail.values() if isinstance(rows, list))
    return counts


def _dt(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _application(d: dict[str, Any]) -> Application:
    return Application(
        id=d["id"],
        company=d["company"],
        role=d["role"],
        source=d.get("source", ""),
        status=ApplicationStatus(d["status"]),
        applied_on=_dt(d.get("applied_on")),
        created_at=_dt(d.get("created_at")),
        updated_at=_dt(d.get("updated_at")),
        notes=d.get("notes", ""),
        job_url=d.get("job_url", ""),
        location=d.get("location", ""),
        salary=d.get("salary", ""),
    )


def _interview(d: dict[str, Any]) -> Interview:
    return Interview(
        id=d["id"],
        application_id=d["application_id"],
        stage=d["stage"],
        when=datetime.fromisoformat(d["when"]),
        contact_ids=list(d.get("contact_ids", [])),
        talking_points=list(d.get("talking_points", [])),
        notes=d.get("notes", ""),
        self_assessment={Theme(k): int(v) for k, v in d.get("self_assessment", {}).items()},
    )


def _thread(d: dict[str, Any]) -> FeedbackThread:
    steps = [
        Transition(
            event=t["event"],
            from_state=t["from_state"],
            to_state=t["to_state"],
            at=datetime.fromisoformat(t["at"]),
            message_id=t.get("message_id"),
            note=t.get("note", ""),
        )
        for t in d.get("transitions", [])
    ]
    return FeedbackThread(
        id=d["id"],
        application_id=d["application_id"],
        rejected_at=datetime.fromisoformat(d["rejected_at"]),
        state=ThreadState(d["state"]),
        interview_id=d.get("interview_id"),
        contact_id=d.get("contact_id"),
        after_interview=d.get("after_interview"),
        rejection_message_id=d.get("rejection_message_id"),
        transitions=steps,
    )


def _message(d: dict[str, Any]) -> Message:
    return Message(
        id=d["id"],
        application_id=d.get("application_id"),
        direction=Direction(d["direction"]),
        kind=MessageKind(d["kind"]),
        channel=Channel(d["channel"]),
        text=d["text"],
        at=datetime.fromisoformat(d["at"]),
        subject=d.get("subject", ""),
        contact_id=d.get("contact_id"),
        thread_id=d.get("thread_id"),
        analysis=d.get("analysis"),
        correction=d.get("correction"),
    )


def _lesson(d: dict[str, Any]) -> Lesson:
    return Lesson(
        id=d["id"],
        theme=Theme(d["theme"]),
        polarity=Polarity(d["polarity"]),
        statement=d["statement"],
        status=_status(d["status"], d["polarity"]),
        application_id=d.get("application_id"),
        message_id=d.get("message_id"),
        evidence=d.get("evidence", ""),
        actions=list(d.get("actions", [])),
        created_at=_dt(d.get("created_at")),
        sightings=[
            Sighting(
                message_id=s.get("message_id"),
                application_id=s.get("application_id"),
                evidence=str(s.get("evidence", "")),
                at=_stamped(_dt(s.get("at")), what="sighting"),
            )
            for s in d.get("sightings", [])
        ],
    )


def _status(value: str, polarity: str) -> LessonStatus:
    """Exports made before 0003 say "addressed", and "open" for a strength."""
    if polarity == Polarity.STRENGTH.value:
        return LessonStatus.KEPT
    return LessonStatus.RESOLVED if value == "addressed" else LessonStatus(value)


def _stamped(value: datetime | None, *, what: str) -> datetime:
    """Exports always carry timestamps; one without is damaged, not "now"."""
    if value is None:
        raise ValueError(f"a {what} has no timestamp")
    return value


def _load(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"no such file: {path}") from None
    except OSError as err:
        raise InvalidInput(f"cannot read {path}: {err.strerror}") from err
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InvalidInput(f"{path} is not a nextround export (not JSON)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInput(f"{path} is not a nextround export")
    version = data.get("version")
    if type(version) is not int:  # "1" or 1.0 is a damaged file, not another version
        raise InvalidInput(f"{path} is damaged: its format version is not a whole number")
    if version != FORMAT_VERSION:
        raise InvalidInput(
            f"{path} is export format version {version}; this nextround "
            f"reads version {FORMAT_VERSION}"
        )
    return data


def import_file(*, db: Database, path: Path) -> dict[str, int]:
    """Restore an export into an empty database, all of it or nothing."""
    data = _load(path)
    if not db.is_empty():
        raise InvalidInput(
            "the database already holds data; import restores into an empty database only"
        )
    try:
        with db.unit() as repo:
            for key, value in dict(data.get("meta", {})).items():
                if key not in LOCAL_META:  # older exports carried the secret
                    repo.set_meta(str(key), str(value))
            for a in data["applications"]:
                app = _application(a)
                repo.add_application(app, now=_stamped(app.updated_at, what="application"))
            if "status_changes" in data:  # older exports: each application starts afresh
                repo.clear_status_history()
                repo.load_rows("status_changes", list(data["status_changes"]))
            repo.load_rows("import_keys", list(data.get("import_keys") or []))
            for c in data["contacts"]:
                repo.add_contact(Contact(**c))
            for i in data["interviews"]:
                repo.add_interview(_interview(i))
            for t in data["threads"]:
                repo.add_thread(_thread(t))
            for m in data["messages"]:
                repo.add_message(_message(m))
            for lesson_data in data["lessons"]:
                lesson = _lesson(lesson_data)
                repo.add_lesson(lesson, now=_stamped(lesson.created_at, what="lesson"))
            mail = data.get("mail") or {}  # absent in exports made before mail existed
            for table in MAIL_TABLES:
                repo.load_rows(table, list(mail.get(table) or []))
            repo.mail.rebuild_keys()
            calendar = data.get("calendar") or {}  # absent in exports made before 0006
            for table in CALENDAR_TABLES:
                repo.load_rows(table, list(calendar.get(table) or []))
            repo.reset_sequences()
    except NextroundError:
        raise
    except (KeyError, TypeError, ValueError) as err:
        raise InvalidInput(
            f"{path} is damaged and was not imported ({type(err).__name__}: {err})"
        ) from err
    return _counts(data)


__all__ = ["FORMAT_VERSION", "export_data", "export_file", "import_file"]
