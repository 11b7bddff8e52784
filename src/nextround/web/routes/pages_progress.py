"""The Progress page: your numbers with a chart each, and the charts themselves."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from nextround.domain.stats import (
    MIN_SAMPLE,
    answer_reading,
    funnel_reading,
    themes_reading,
    weekly_reading,
)
from nextround.services.stats import stats
from nextround.web import forms
from nextround.web.context import Ctx
from nextround.web.progress_charts import CHARTS
from nextround.web.render import page

router = APIRouter(include_in_schema=False)


def _since(ctx: Ctx, text: str) -> date | None:
    found = forms.when(text, what="since", now=ctx.now())
    return found.date() if found else None


@router.get("/progress", response_class=HTMLResponse)
def progress(request: Request, ctx: Ctx, since: str = "") -> Response:
    day = _since(ctx, since)
    result = stats(db=ctx.db, since=day)
    return page(
        request,
        "progress.html",
        stats=result,
        since=day,
        min_sample=MIN_SAMPLE,
        query=f"?since={day.isoformat()}" if day else "",
        readings={
            "funnel": funnel_reading(result.funnel),
            "channels": answer_reading(result.by_channel),
            "tones": answer_reading(result.by_tone),
            "delays": answer_reading(result.by_delay),
            "themes": themes_reading(result),
            "weekly": weekly_reading(result.weeks),
        },
    )


@router.get("/progress/{name}.svg")
def progress_chart(ctx: Ctx, name: str, since: str = "") -> Response:
    draw = CHARTS.get(name)
    if draw is None:
        return Response(status_code=404)
    svg = draw(stats(db=ctx.db, since=_since(ctx, since)))
    return Response(svg, media_type="image/svg+xml", headers={"cache-control": "no-store"})
