"""JSON API: your calendar feed (turn on with a new token, check, turn off) and your
data as the backup format. On a multi-user server, the signed-in person's own."""

from __future__ import annotations

import json

from fastapi import APIRouter
from fastapi.responses import Response

from nextround.services import calendar
from nextround.services.backup import export_data
from nextround.web.context import Ctx
from nextround.web.routes.api_records import ERRORS
from nextround.web.routes.calendar_feed import FEED_PREFIX
from nextround.web.schemas import FeedOut, FeedTokenOut

router = APIRouter(prefix="/api", responses=ERRORS)


@router.get("/calendar/feed", tags=["calendar"])
def feed_state(ctx: Ctx) -> FeedOut:
    """Whether your calendar feed is on."""
    return FeedOut(on=calendar.feed_is_on(db=ctx.db))


@router.post("/calendar/feed", tags=["calendar"])
def rotate_feed(ctx: Ctx) -> FeedTokenOut:
    """A new secret feed address (the old one stops answering); shown only now."""
    token = calendar.rotate_feed_token(db=ctx.db)
    return FeedTokenOut(token=token, path=f"{FEED_PREFIX}{token}.ics")


@router.delete("/calendar/feed", tags=["calendar"])
def revoke_feed(ctx: Ctx) -> FeedOut:
    """Turn your calendar feed off: its address answers nothing from now on."""
    return FeedOut(on=False, was_on=calendar.revoke_feed_token(db=ctx.db))


@router.get(
    "/export",
    tags=["records"],
    response_class=Response,
    responses={200: {"content": {"application/json": {}}, "description": "The backup file."}},
)
def export(ctx: Ctx) -> Response:
    """Your data as the backup format (`nextround export`); on a multi-user server, yours
    only (restoring one on a server is not available yet)."""
    data = export_data(db=ctx.db, now=ctx.now())
    name = f"nextround-export-{ctx.now():%Y-%m-%d}.json"
    return Response(
        json.dumps(data, indent=1, ensure_ascii=False),
        media_type="application/json",
        headers={
            "content-disposition": f'attachment; filename="{name}"',
            "cache-control": "no-store",
        },
    )
