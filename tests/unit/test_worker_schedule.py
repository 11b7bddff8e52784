"""The worker's schedule and its address of the database (no database needed)."""

from __future__ import annotations

import pytest
from croniter import croniter

from nextround.domain.errors import InvalidInput
from nextround.services.worker import RECOVER_CRON, conninfo, cron_every


@pytest.mark.parametrize(
    ("minutes", "cron"),
    [(1, "*/1 * * * *"), (15, "*/15 * * * *"), (120, "0 */2 * * *"), (1440, "0 0 * * *")],
)
def test_a_sync_every_n_minutes(minutes: int, cron: str) -> None:
    assert cron_every(minutes) == cron
    assert croniter.is_valid(cron)


@pytest.mark.parametrize("minutes", [0, 90, 1441, -5])
def test_a_schedule_cron_cannot_write_is_one_line(minutes: int) -> None:
    with pytest.raises(InvalidInput, match="cannot be scheduled"):
        cron_every(minutes)


def test_lost_workers_are_looked_for_every_ten_seconds() -> None:
    from datetime import datetime

    times = croniter(RECOVER_CRON, datetime(2026, 1, 1, 0, 0, 3))
    assert [times.get_next(datetime).second for _ in range(3)] == [10, 20, 30]


def test_the_queue_speaks_libpq() -> None:
    assert conninfo("postgresql+psycopg://u@h:5432/db") == "postgresql://u@h:5432/db"
    assert conninfo("postgres://u@h/db") == "postgresql://u@h/db"
    with pytest.raises(InvalidInput):
        conninfo("sqlite:///x.sqlite")
