"""The calendar feed a calendar subscribes to: ``/calendar/<secret token>.ics``.

A wrong, old or missing token gets a bare 404, the same as a page that does
not exist: nothing says that a feed is there.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from nextround.services import calendar
from nextround.web.context import Ctx

router = APIRouter(include_in_schema=False)

MAX_TOKEN_CHARS = 100


@router.get("/calendar/{name}")
def calendar_feed(ctx: Ctx, name: str) -> Response:
    token = name.removesuffix(".ics")
    if token == name or not token or len(token) > MAX_TOKEN_CHARS:
        return Response(status_code=404)
    data = calendar.feed(db=ctx.db, token=token, now=ctx.now())
    if data is None:
        return Response(status_code=404)
    return Response(
        data,
        media_type="text/calendar; charset=utf-8",
        headers={
            "cache-control": "no-store",
            "content-disposition": 'inline; filename="nextround.ics"',
        },
    )
