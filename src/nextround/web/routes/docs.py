"""/docs: the API reference, rendered here from the OpenAPI schema (no CDN)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from nextround.web.apidoc import reference
from nextround.web.render import page

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> Response:
    schema = request.app.openapi()
    return page(
        request,
        "docs.html",
        groups=reference(schema),
        description=schema.get("info", {}).get("description", ""),
    )
