"""Your numbers: load the records `domain.stats` counts, in one unit of work."""

from __future__ import annotations

from datetime import date

from nextround.domain.stats import Stats, compute_stats
from nextround.store import Database


def stats(*, db: Database, since: date | None = None) -> Stats:
    with db.unit() as repo:
        applications, interviews, threads, lessons = repo.history()
        channels = repo.sent_channels()
        history = repo.status_history()
    return compute_stats(
        applications=applications,
        interviews=interviews,
        threads=threads,
        channels=channels,
        lessons=lessons,
        history=history,
        since=since,
    )
