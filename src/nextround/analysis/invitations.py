"""Reading an invitation: the interview time it names and the round it is for.

Nothing here touches a database or the network.
"""

from __future__ import annotations

import re
from datetime import datetime

from nextround.domain.calendar import MONTHS

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_TIME = (
    r"(?:,?\s*(?:at|@|from)?\s*(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?"
    r"\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?(?![\d/]))?"
)
_YEAR = r"(?:,?\s+(?P<year>20\d\d))?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    re.compile(
        r"\b(?P<year>20\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)(?:[ T](?P<hour>\d\d):(?P<minute>\d\d))?"
    ),
    re.compile(r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + _YEAR + _TIME, re.IGNORECASE),
    re.compile(r"\b" + _MONTH + r"\s+" + _DAY + _YEAR + _TIME, re.IGNORECASE),
)
_STAGES = (
    ("final", "final interview"),
    ("onsite", "onsite interview"),
    ("on-site", "onsite interview"),
    ("panel", "panel interview"),
    ("technical", "technical interview"),
    ("case", "case interview"),
    ("phone screen", "phone screen"),
    ("screening call", "phone screen"),
    ("second round", "second round"),
    ("first round", "first round"),
)


def invite_stage(text: str) -> str:
    low = text.casefold()
    for cue, stage in _STAGES:
        if cue in low:
            return stage
    return "interview"


def invite_time(text: str, *, received: datetime) -> datetime | None:
    """The interview time an invitation names, if it names one on or after ``received``."""
    for pattern in _DATE_PATTERNS:
        for found in pattern.finditer(text[:5000]):
            when = _to_datetime(found, received=received)
            if when is not None and when.date() >= received.date():
                return when
    return None


def _to_datetime(found: re.Match[str], *, received: datetime) -> datetime | None:
    parts = found.groupdict()
    month = int(parts["mnum"]) if parts.get("mnum") else MONTHS[parts["month"].lower()]
    year = int(parts["year"]) if parts.get("year") else received.year
    hour = int(parts["hour"]) if parts.get("hour") else 9
    minute = int(parts["minute"]) if parts.get("minute") else 0
    ampm = (parts.get("ampm") or "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        when = datetime(year, month, int(parts["day"]), hour, minute)
    except ValueError:
        return None
    if not parts.get("year") and (received - when).days > 180:
        try:  # "5 January" written in December
            when = when.replace(year=year + 1)
        except ValueError:
            return None
    return when
