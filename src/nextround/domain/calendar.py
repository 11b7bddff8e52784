"""Business-day arithmetic for "send within two business days" advice."""

from __future__ import annotations

from datetime import datetime, timedelta


def add_business_days(start: datetime, days: int) -> datetime:
    """``start`` moved forward by ``days`` weekdays (Saturday and Sunday skipped).

    A start on a weekend counts from the next Monday, so "two business days
    after a Saturday rejection" is the Wednesday.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    while current.weekday() >= 5:
        current += timedelta(days=1)
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current
