"""Dates: the years nextround plans around, and business-day arithmetic for advice.

A date outside ``EARLIEST``..``LATEST`` is refused where it is typed
(``services.when``); arithmetic here still never raises on one that got into
a database some other way, so no page or agenda can be taken down by it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

EARLIEST = datetime(1900, 1, 1)
LATEST = datetime(2200, 12, 31, 23, 59, 59)

# month names and their usual short forms, lowercase, to the month's number
MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for m in names
}


def within_years(value: datetime) -> bool:
    """Whether ``value`` (naive, local) lies in the years a job search can have."""
    return EARLIEST <= value.replace(tzinfo=None) <= LATEST


def add_business_days(start: datetime, days: int) -> datetime:
    """``start`` moved forward by ``days`` weekdays (Saturday and Sunday skipped).

    A start on a weekend counts from the next Monday, so "two business days
    after a Saturday rejection" is the Wednesday. Past the last representable
    day the answer stays at that day instead of raising.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    try:
        while current.weekday() >= 5:
            current += timedelta(days=1)
        remaining = days
        while remaining:
            current += timedelta(days=1)
            if current.weekday() < 5:
                remaining -= 1
    except OverflowError:
        return datetime.max.replace(tzinfo=start.tzinfo)
    return current
