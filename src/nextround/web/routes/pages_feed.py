"""Page: your calendar feed (turn on with a new secret address, turn off) and your data
to download. On a multi-user server, the signed-in person's own."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from nextround.services import calendar
from nextround.web.context import Ctx
from nextround.web.render import page
from nextround.web.routes.calendar_feed import FEED_PREFIX
from nextround.web.routes.common import redirect

router = APIRouter(include_in_schema=False)


@router.get("/feed", response_class=HTMLResponse)
def feed_page(request: Request, ctx: Ctx) -> Response:
    return page(request, "feed.html", on=calendar.feed_is_on(db=ctx.db), address="")


@router.post("/feed/new", response_class=HTMLResponse)
def new_feed(request: Request, ctx: Ctx) -> Response:
    """A new address, shown on this answer only (never stored, never in a URL)."""
    token = calendar.rotate_feed_token(db=ctx.db)
    address = str(request.base_url).rstrip("/") + f"{FEED_PREFIX}{token}.ics"
    response = page(request, "feed.html", on=True, address=address)
    response.headers["cache-control"] = "no-store"
    return response


@router.post("/feed/off")
def feed_off(ctx: Ctx) -> Response:
    calendar.revoke_feed_token(db=ctx.db)
    return redirect("/feed")
