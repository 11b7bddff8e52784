"""The calendar feed a calendar subscribes to: ``/calendar/<secret token>.ics``.

A wrong, old or missing token gets a bare 404, the same as a page that does
not exist: nothing says that a feed is there. On a multi-user server the
address needs no session (a calendar app cannot sign in): the token alone
names whose calendar it is (``POST /api/calendar/feed`` makes one).
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from nextround.services import calendar
from nextround.web.context import Ctx

router = APIRouter(include_in_schema=False)

MAX_TOKEN_CHARS = 100
FEED_PREFIX = "/calendar/"


@router.get(FEED_PREFIX + "{name}")
def calendar_feed(ctx: Ctx, name: str) -> Response:
    token = name.removesuffix(".ics")
    if token == name or not token or len(token) > MAX_TOKEN_CHARS:
        return Response(status_code=404)
    db = ctx.db
    if ctx.multi_user:  # the token names its person: their calendar, nobody else's
        owner = calendar.feed_owner(db=db, token=token)
        if owner is None:
            return Response(status_code=404)
        db = db.scoped(owner)
    data = calendar.feed(db=db, token=token, now=ctx.now())
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
