"""The one reader of a date or time a user typed: CLI options, form fields and the API.

Every entry point goes through ``read_when`` (CLI options, form fields), or
``parse_when`` and ``check_when`` (the API's schema), so the same input means
the same moment everywhere: ``2026-11-20`` is 09:00 that day, ``2026-11-20 14:30`` and
``2026-11-20T14:30`` are local time, and ``2026-11-20T14:30+05:00`` or a
trailing ``Z`` mean what they say, stored as the local wall-clock time they
are (like the dates of imported mail). Years outside 1900-2200 are refused,
and so is a time more than a day ahead for something that has happened.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from nextround.domain.calendar import EARLIEST, LATEST, within_years
from nextround.domain.errors import InvalidInput

FUTURE_GRACE = timedelta(days=1)  # time zones and clocks differ; beyond a day is a typo
_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1}
_FORMS = "YYYY-MM-DD, 'YYYY-MM-DD HH:MM' or ISO 8601 (2026-11-20T14:30+05:00)"


def read_when(text: str, *, now: datetime, what: str, happened: bool = False) -> datetime:
    """Read ``2026-11-20``, ``2026-11-20 14:30``, ISO 8601 with a zone, ``today``...

    ``happened``: the thing is in the past (a rejection received, a message
    sent), so a time more than a day after ``now`` is refused.
    """
    raw = " ".join(text.split())
    if raw.lower() in _WORDS:
        day = now.date() + timedelta(days=_WORDS[raw.lower()])
        return check_when(datetime.combine(day, now.time()), now=now, what=what, happened=happened)
    return check_when(parse_when(text, what=what), now=now, what=what, happened=happened)


def parse_when(text: str, *, what: str) -> datetime:
    """The moment a typed date names, before any check: with its zone if it has one.

    A bare date is 09:00 that day. Words like ``today`` need a clock: they are
    ``read_when``'s. The API's schema reads its date-times here too, so a JSON
    body and a form field mean the same moment.
    """
    raw = " ".join(text.split())
    iso = raw.replace(" ", "T", 1)
    if iso[-1:] in ("z", "Z"):
        iso = iso[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(iso)
    except ValueError:
        raise InvalidInput(f"{what}: {text.strip()[:40]!r} is not a date; use {_FORMS}") from None
    if "T" not in iso.upper():  # a bare date: the start of the working day
        parsed = datetime.combine(parsed.date(), time(9, 0))
    return parsed


def check_when(
    value: datetime, *, now: datetime | None, what: str, happened: bool = False
) -> datetime:
    """``value`` as nextround stores it (local wall-clock time, no zone), or InvalidInput.

    ``now`` may be None where there is no clock (a schema); ``happened`` then
    cannot be checked and is ignored.
    """
    if value.tzinfo is not None:
        try:
            value = value.astimezone().replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):
            raise InvalidInput(_out_of_range(what, value.year)) from None
    if not within_years(value):
        raise InvalidInput(_out_of_range(what, value.year))
    value = value.replace(microsecond=0)
    if happened and now is not None and value > now + FUTURE_GRACE:
        raise InvalidInput(
            f"{what}: {value:%Y-%m-%d %H:%M} is in the future; "
            "give the time it happened (default: now)"
        )
    return value


def happened_at(value: datetime | None, *, now: datetime, what: str) -> datetime:
    """When something that has happened did (a value from the API), or now when not given."""
    return now if value is None else check_when(value, now=now, what=what, happened=True)


def _out_of_range(what: str, year: int) -> str:
    return f"{what}: the year {year} is outside {EARLIEST.year}-{LATEST.year}"


__all__ = ["FUTURE_GRACE", "check_when", "happened_at", "parse_when", "read_when"]
