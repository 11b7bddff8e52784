"""Import from another tracker (upload, preview, confirm) and the CSV download.

The preview runs the import as a dry run and shows what it would do; the
confirm form carries the file's text back (the server keeps nothing between
the two requests), and the import runs for real in one unit of work.
"""

from __future__ import annotations

import io
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from nextround.domain.errors import InvalidInput
from nextround.services.history_import import import_history, write_export
from nextround.services.trackers import FIELDS, parse_map_options, text_lines
from nextround.web.context import Ctx
from nextround.web.render import page
from nextround.web.routes.common import Posted, Uploaded, text

router = APIRouter(include_in_schema=False)


def _page(request: Request, *, status_code: int = 200, **context: Any) -> Response:
    context = {"fields": FIELDS, "report": None, "done": False, "content": "", **context}
    return page(request, "import.html", status_code=status_code, **context)


def _mapping(form: FormData) -> dict[str, str]:
    return parse_map_options(line for line in text(form, "map").splitlines() if line.strip())


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request) -> Response:
    return _page(request)


@router.post("/import/preview", response_class=HTMLResponse)
def preview(request: Request, ctx: Ctx, posted: Uploaded) -> Response:
    form, data = posted
    values = {"map": text(form, "map")}
    try:
        if not data:
            raise InvalidInput("choose a file to import (a CSV export or a markdown table)")
        content = _text(data)
        report = import_history(
            db=ctx.db,
            lines=text_lines(data),
            now=ctx.now(),
            mapping=_mapping(form),
            skip_bad=True,
            dry_run=True,
        )
    except InvalidInput as err:
        return _page(request, status_code=422, values=values, errors={"file": str(err)})
    return _page(request, report=report, content=content, values=values)


@router.post("/import", response_class=HTMLResponse)
def confirm(request: Request, ctx: Ctx, form: Posted) -> Response:
    values = {"map": text(form, "map")}
    skip_bad = text(form, "skip_bad") == "yes"
    try:
        report = import_history(
            db=ctx.db,
            lines=io.StringIO(text(form, "content"), newline=""),
            now=ctx.now(),
            mapping=_mapping(form),
            skip_bad=skip_bad,
        )
    except InvalidInput as err:
        return _page(request, status_code=422, values=values, errors={"file": str(err)})
    return _page(request, report=report, done=True, values=values)


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InvalidInput(f"not a UTF-8 text file (byte {err.start} cannot be read)") from None


@router.get("/applications.csv")
def download(ctx: Ctx) -> Response:
    """Every application as CSV: interviews, feedback, lessons and status history."""
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel reads the file as UTF-8
    write_export(db=ctx.db, out=buffer)
    name = f"nextround-applications-{ctx.now():%Y-%m-%d}.csv"
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={
            "content-disposition": f'attachment; filename="{name}"',
            "cache-control": "no-store",
        },
    )
