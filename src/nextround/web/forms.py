"""Reading form fields into typed values, with messages a person can act on.

Fields arrive as text (an HTML form has no other type); each helper turns one
into what a service takes or raises ``InvalidInput`` saying what to type.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from nextround.domain.drafts import Step
from nextround.domain.errors import InvalidInput
from nextround.domain.model import Channel
from nextround.domain.themes import Theme
from nextround.services.when import read_when

E = TypeVar("E", bound=StrEnum)

MAX_ID = 2**31 - 1


def when(text: str, *, what: str, now: datetime, happened: bool = False) -> datetime | None:
    """A date or date and time as a browser sends it (``services.when``); empty: not given."""
    if not text.strip():
        return None
    return read_when(text, now=now, what=what, happened=happened)


def required_when(text: str, *, what: str, now: datetime) -> datetime:
    value = when(text, what=what, now=now)
    if value is None:
        raise InvalidInput(f"{what}: give the date (and time) it happens")
    return value


def choice(kind: type[E], text: str, *, what: str) -> E:
    try:
        return kind(text.strip().lower())
    except ValueError:
        names = ", ".join(item.value for item in kind)
        raise InvalidInput(f"{what}: choose one of {names}") from None


def optional_choice(kind: type[E], text: str, *, what: str) -> E | None:
    return choice(kind, text, what=what) if text.strip() else None


def default_channel(step: Step) -> str:
    """The method asks by phone first; later steps are usually written."""
    return Channel.CALL.value if step is Step.REQUEST else Channel.EMAIL.value


def ident(text: str, *, what: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise InvalidInput(f"{what}: {text!r} is not an id") from None
    if not 1 <= value <= MAX_ID:
        raise InvalidInput(f"{what}: {value} is not an id")
    return value


def lines(text: str) -> list[str]:
    """One item per non-empty line (talking points, practice actions)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


RATING_PREFIX = "rate_"


def ratings(form: Mapping[str, object]) -> dict[Theme, int]:
    """Self-assessment from ``rate_<theme>`` fields; an empty field is "not rated"."""
    found: dict[Theme, int] = {}
    for theme in Theme:
        raw = form.get(RATING_PREFIX + theme.value)
        if not isinstance(raw, str) or not raw.strip():
            continue
        try:
            found[theme] = int(raw)
        except ValueError:
            raise InvalidInput(f"rating for {theme.label}: choose 1 to 5") from None
    return found


def local_path(target: str, *, default: str = "/") -> str:
    """Where to go after a form: only a path on this site (no open redirect)."""
    target = target.strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


# What a command-line hint becomes on a page: the page offers the way on itself.
_FLAG_WORDS = {
    "pass --anyway to record it as one": "tick “Record it as a rejection anyway” to keep it",
}
_CLI_HINT = re.compile(
    r"\s*\((?:or\s+)?`?nextround\s[^)]*\)"  # "(nextround probe)"
    r"|[;:,]?\s*(?:with|run|then|first|or)?:?\s*`nextround\s[^`]*`"  # "with `nextround ...`"
    r"|[;:,]\s*(?:\w+\s){0,6}?nextround\s[^;.]*"  # "; set it first: nextround me ..."
)


def plain_words(message: str) -> str:
    """An error for a page: no command names or flags (the page has its own buttons)."""
    for flag, words in _FLAG_WORDS.items():
        message = message.replace(flag, words)
    cleaned = _CLI_HINT.sub("", message).strip(" ;:,")
    return cleaned or message


def errors_for(err: Exception, fields: Mapping[str, object]) -> dict[str, str]:
    """The message for the whole form, and beside the field it is about when it names one."""
    message = plain_words(str(err))
    errors = {"form": message}
    for name in fields:
        if message.startswith(name.replace("_", " ")):
            errors[name] = message
            break
    return errors
