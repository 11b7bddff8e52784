"""What the page routes share: typed path ids, the parsed form, redirects."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData, UploadFile

from nextround.web.forms import MAX_ID, local_path

AppId = Annotated[int, Path(ge=1, le=MAX_ID, description="Application id.")]
ThreadId = Annotated[int, Path(ge=1, le=MAX_ID, description="Feedback thread id.")]
MessageId = Annotated[int, Path(ge=1, le=MAX_ID, description="Message id.")]
LessonId = Annotated[int, Path(ge=1, le=MAX_ID, description="Lesson id.")]
InterviewId = Annotated[int, Path(ge=1, le=MAX_ID, description="Interview id.")]


async def _form(request: Request) -> FormData:
    return await request.form()


Posted = Annotated[FormData, Depends(_form)]


async def _upload(request: Request) -> tuple[FormData, bytes | None]:
    """The posted form and its ``file`` upload's bytes (read here, before the sync route)."""
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        return form, None
    try:
        return form, await upload.read()
    finally:
        await upload.close()


Uploaded = Annotated[tuple[FormData, bytes | None], Depends(_upload)]


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def texts(form: FormData, name: str) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str)]


def redirect(target: str) -> RedirectResponse:
    """After a change, go to a page with GET (so reloading does not repeat it)."""
    return RedirectResponse(local_path(target), status_code=303)
