"""People who sign in to a multi-user server, and the rules for signing in.

A single-user database has no accounts at all. On a career centre's server
each person has one: a student keeps their own job search, a coach helps the
students who shared theirs, an admin manages the accounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from nextround.domain.errors import InvalidInput


class Role(StrEnum):
    STUDENT = "student"
    COACH = "coach"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class User:
    id: int
    email: str
    role: Role
    disabled: bool
    created_at: datetime


# Failed sign-ins: the first few are free (a typo), then each waits longer,
# then the account locks for a while. An attacker guessing passwords gets a
# handful of tries an hour; a person who mistyped waits seconds.
FREE_FAILURES = 3
LOCK_AFTER = 10
LOCK_FOR = timedelta(minutes=15)
MIN_PASSWORD = 10
MAX_PASSWORD = 1000
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s.]{2,63}$")


def normal_email(text: str) -> str:
    """An email address as it is stored and compared: trimmed, lower-cased, checked."""
    email = text.strip().lower()
    if not _EMAIL.match(email):
        raise InvalidInput(f"not an email address: {text.strip()[:80]!r}")
    return email


def role_named(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise InvalidInput(
            f"role must be one of: {', '.join(r.value for r in Role)}; not {text.strip()[:40]!r}"
        ) from None


def check_password(password: str) -> str:
    """A new password, refused with the reason when it is too short or too long."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(f"a password has at most {MAX_PASSWORD} characters")
    return password


def wait_after(failures: int) -> timedelta:
    """How long after the last failed sign-in the next try is refused unheard."""
    if failures >= LOCK_AFTER:
        return LOCK_FOR
    if failures < FREE_FAILURES:
        return timedelta(0)
    return timedelta(seconds=2 ** (failures - FREE_FAILURES + 1))


@dataclass(frozen=True, slots=True)
class Share:
    """A student lets a coach read their work, until they revoke it."""

    student: User
    coach: User
    since: datetime


@dataclass(frozen=True, slots=True)
class LessonComment:
    """What a coach said about one of a student's lessons; the student sees it there."""

    id: int
    lesson_id: int
    coach_email: str
    text: str
    at: datetime


@dataclass(frozen=True, slots=True)
class DraftComment:
    """What a coach said about one of a student's drafts: the message for ``step`` on a
    feedback thread. The student sees it beside that draft, and on the thread after
    the draft is sent."""

    id: int
    thread_id: int
    step: str
    coach_email: str
    text: str
    at: datetime


MAX_COMMENT = 2000


def comment_text(text: str) -> str:
    """A coach's comment, trimmed; refused when empty or too long."""
    cleaned = text.strip()
    if not cleaned:
        raise InvalidInput("write a comment first")
    if len(cleaned) > MAX_COMMENT:
        raise InvalidInput(f"a comment has at most {MAX_COMMENT} characters")
    return cleaned
