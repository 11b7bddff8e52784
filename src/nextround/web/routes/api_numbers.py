"""JSON API: your numbers (`nextround stats --json`); on a multi-user server, the
signed-in person's own."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from nextround.services.stats import stats
from nextround.web.context import Ctx
from nextround.web.routes.api_records import ERRORS
from nextround.web.schemas import StatsOut

router = APIRouter(prefix="/api", responses=ERRORS)


@router.get("/stats", tags=["insight"])
def get_stats(
    ctx: Ctx,
    since: Annotated[
        date | None, Query(description="Only what happened on or after this day (YYYY-MM-DD).")
    ] = None,
) -> StatsOut:
    """The funnel, what gets answers (by channel, tone and delay), themes month by month,
    the weekly counts, and a sentence for each: the same as `nextround stats --json`."""
    return StatsOut.of(stats(db=ctx.db, since=since))
