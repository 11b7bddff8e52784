"""The IANA time zone this machine's local times are in, when it can be named.

nextround stores naive wall-clock times, read and shown in this machine's
zone (``datetime.astimezone()``, which follows ``TZ``). A calendar file that
names that zone (``TZID=Europe/London`` and its VTIMEZONE) keeps an interview
at 14:00 on the wall even when a calendar app shows it elsewhere; for that the
zone needs its IANA name, which Python does not give. It is read, without a
third-party package, from ``TZ`` (``Europe/London``, ``:Europe/London`` or a
path into a zoneinfo folder), else from where ``/etc/localtime`` points, else
from ``/etc/timezone``. A name is used only if its offsets agree with the
machine's clock now and in six months, so a stale ``/etc/timezone`` never
moves an event; when no name agrees the caller writes times in UTC, which
is always right.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)

# names of UTC itself: a calendar is better served by the plain ``Z`` form
UTC_NAMES = frozenset(
    {
        "UTC",
        "UCT",
        "GMT",
        "GMT0",
        "Zulu",
        "Universal",
        "Greenwich",
        "Etc/UTC",
        "Etc/UCT",
        "Etc/GMT",
        "Etc/GMT0",
        "Etc/GMT+0",
        "Etc/GMT-0",
        "Etc/Zulu",
        "Etc/Universal",
        "Etc/Greenwich",
    }
)
_MARK = "zoneinfo/"


def _after_zoneinfo(path: str) -> str:
    """``/usr/share/zoneinfo/Europe/London`` -> ``Europe/London`` ('' if no zoneinfo)."""
    _, found, name = path.rpartition(_MARK)
    return name if found else ""


def _names(localtime: Path, timezone_file: Path) -> Iterator[str]:
    tz = os.environ.get("TZ")
    if tz is not None:  # TZ decides alone: /etc says nothing about this process then
        name = tz.removeprefix(":").strip()
        yield _after_zoneinfo(name) if name.startswith("/") else name
        return
    with contextlib.suppress(OSError):
        yield _after_zoneinfo(os.path.realpath(localtime))
    with contextlib.suppress(OSError, UnicodeDecodeError):
        yield timezone_file.read_text(encoding="utf-8").strip()


def _agrees(zone: ZoneInfo) -> bool:
    """Whether ``zone`` gives this machine's offset now and half a year from now."""
    now = time.time()
    for moment in (now, now + timedelta(days=182).total_seconds()):
        mine = datetime.fromtimestamp(moment).astimezone().utcoffset()
        if datetime.fromtimestamp(moment, zone).utcoffset() != mine:
            return False
    return True


def machine_zone(
    *,
    localtime: Path = Path("/etc/localtime"),
    timezone_file: Path = Path("/etc/timezone"),
) -> ZoneInfo | None:
    """This machine's zone by its IANA name, or None when no name can be trusted."""
    for name in _names(localtime, timezone_file):
        if not name:
            continue
        try:
            zone = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            log.debug("time zone name %r is not in the zone database", name)
            continue
        if _agrees(zone):
            return zone
        log.debug("time zone %r does not agree with this machine's clock", name)
    return None


def is_utc(zone: ZoneInfo) -> bool:
    return zone.key in UTC_NAMES
