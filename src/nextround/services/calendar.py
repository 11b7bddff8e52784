"""The calendar: interviews and due feedback steps out as iCalendar, and the secret feed.

Each export (a file, or the feed fetched by a calendar) compares what it
would say with what was said last time and stores the difference, so a
changed event's SEQUENCE goes up and a vanished one is sent as cancelled.

The feed's address carries a random token. Only its SHA-256 is stored: the
token is shown once, when made; a new one (``rotate``) replaces the old,
which then answers nothing.

On a multi-user server all of it is per person: each has their own token (a
per-user setting), the feed of a token is its owner's calendar, and what an
export said is recorded per owner, so one person's export never marks
another's events as cancelled.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from nextround.domain.errors import InvalidInput, StoreError
from nextround.domain.events import (
    KEEP_DAYS,
    Reconciled,
    brief_highlights,
    plan_events,
    reconcile,
)
from nextround.services.insights import lessons_to_apply, strengths_to_lean_on
from nextround.store import Database
from nextround.store.repository import Repository

FEED_KEY = "calendar_feed_sha256"
CALENDAR_ID_KEY = "calendar_id"
CALENDAR_NAME = "nextround: interviews and feedback"
TOKEN_BYTES = 24  # 192 random bits: no one guesses it


@dataclass(frozen=True, slots=True)
class Exported:
    data: bytes
    events: int
    cancelled: int
    changed: int  # new, changed or newly cancelled since the last export


def _calendar_id(repo: Repository) -> str:
    """A random name for this database, in every UID, so two databases never collide."""
    found = repo.get_meta(CALENDAR_ID_KEY)
    if found is None:
        found = secrets.token_hex(6)
        repo.set_meta(CALENDAR_ID_KEY, found)
    return found


def _reconciled(repo: Repository, *, now: datetime) -> Reconciled:
    suffix = _calendar_id(repo)
    since = now - timedelta(days=KEEP_DAYS)
    interviews = repo.interviews(after=since)
    threads = repo.threads(open_only=True)
    wanted = {i.application_id for i in interviews} | {t.application_id for t in threads}
    apps = {a.id: a for a in repo.applications(ids=wanted) if a.id is not None}
    lessons = repo.lessons()
    to_apply, strengths = lessons_to_apply(lessons), strengths_to_lean_on(lessons)
    people: dict[int, list[tuple[str, str]]] = {}
    highlights: dict[int, tuple[str, ...]] = {}
    for interview in interviews:
        if interview.id is None or interview.when < since:
            continue
        people[interview.id] = [
            (c.name, c.email) for c in repo.contacts_by_id(interview.contact_ids)
        ]
        highlights[interview.id] = brief_highlights(
            to_apply=to_apply, strengths=strengths, talking_points=interview.talking_points
        )
    planned = plan_events(
        interviews=interviews,
        threads=threads,
        applications=apps,
        people=people,
        highlights=highlights,
        now=now,
        suffix=suffix,
    )
    result = reconcile(planned, repo.calendar.stored_events(), now=now)
    repo.calendar.save_events(result.save, result.forget)
    return result


def _reconciled_once_more_if_raced(db: Database, *, now: datetime) -> Reconciled:
    """The export's unit of work, run again once if another export wrote first.

    Two calendar apps fetching the feed at the same moment both read what the
    last export said and both add the same new event: the second write fails
    (a duplicate key on PostgreSQL, a stale snapshot on SQLite). Reading again
    then finds the first one's record, and the plan is the same, so once more
    is enough; a second failure is a real one.
    """
    try:
        with db.unit() as repo:
            return _reconciled(repo, now=now)
    except StoreError:
        with db.unit() as repo:
            return _reconciled(repo, now=now)


def export_calendar(*, db: Database, now: datetime, zone: tzinfo | None = None) -> Exported:
    """The calendar as iCalendar bytes; records what it said for the next export."""
    from nextround.ics import calendar_bytes  # icalendar loads in ~0.2 s: only when asked

    result = _reconciled_once_more_if_raced(db, now=now)
    return Exported(
        data=calendar_bytes(result.events, name=CALENDAR_NAME, zone=zone),
        events=sum(1 for e in result.events if not e.cancelled),
        cancelled=sum(1 for e in result.events if e.cancelled),
        changed=len(result.save),
    )


def export_file(*, db: Database, path: Path, now: datetime, zone: tzinfo | None = None) -> Exported:
    """Write the calendar to ``path`` atomically (``.part`` then rename)."""
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder: give a file name such as nextround.ics")
    exported = export_calendar(db=db, now=now, zone=zone)
    part = path.with_name(path.name + ".part")
    try:
        part.write_bytes(exported.data)
        part.replace(path)
    except OSError as err:
        part.unlink(missing_ok=True)
        raise InvalidInput(f"cannot write {path}: {err.strerror or err}") from None
    return exported


# -- the feed ----------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def rotate_feed_token(*, db: Database) -> str:
    """Make a new feed token (the old one stops working) and return it: shown only now."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with db.unit() as repo:
        repo.set_meta(FEED_KEY, _digest(token))
    return token


def revoke_feed_token(*, db: Database) -> bool:
    """Turn the feed off; whether there was one."""
    with db.unit() as repo:
        return repo.delete_meta(FEED_KEY)


def feed_is_on(*, db: Database) -> bool:
    with db.unit() as repo:
        return repo.get_meta(FEED_KEY) is not None


def feed_owner(*, db: Database, token: str) -> int | None:
    """On a multi-user server, whose feed ``token`` opens: the user (not disabled) whose
    stored digest it matches; None for any other token."""
    with db.unit() as repo:
        owner = repo.meta_owner(FEED_KEY, _digest(token))
        if owner is None:
            return None
        user = repo.accounts.user_by_id(owner)
        return owner if user is not None and not user.disabled else None


def feed(*, db: Database, token: str, now: datetime, zone: tzinfo | None = None) -> bytes | None:
    """The calendar for the right token; None for any other (or when the feed is off)."""
    with db.unit() as repo:
        stored = repo.get_meta(FEED_KEY)
        if stored is None or not hmac.compare_digest(stored, _digest(token)):
            return None
    return export_calendar(db=db, now=now, zone=zone).data
