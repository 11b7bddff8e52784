"""The feedback loop in pages: draft and send, paste a reply, correct a judgement."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from nextround.domain.drafts import Step
from nextround.domain.errors import InvalidInput
from nextround.domain.model import Channel, Polarity, ReplyCategory, Tone
from nextround.domain.themes import Theme
from nextround.services import coaching, feedback, learn, views
from nextround.services.mail_drafts import place_draft
from nextround.services.models import correct_message
from nextround.web import forms
from nextround.web.context import Ctx
from nextround.web.render import page
from nextround.web.routes.common import MessageId, Posted, ThreadId, redirect, text, texts

router = APIRouter(include_in_schema=False)

Text = Annotated[str, Query(max_length=4000)]


@router.get("/threads/{thread_id}/draft", response_class=HTMLResponse)
def draft(
    request: Request,
    ctx: Ctx,
    thread_id: ThreadId,
    step: Text = "request",
    channel: Text = "",
    tone: Text = "warm",
    gap: Text = "",
    evidence: Text = "",
) -> Response:
    chosen = forms.choice(Step, step, what="step")
    medium = forms.choice(Channel, channel or forms.default_channel(chosen), what="channel")
    view = views.draft_page(
        db=ctx.db,
        thread_id=thread_id,
        step=chosen,
        channel=medium,
        tone=forms.choice(Tone, tone, what="tone"),
        gap=gap,
        evidence=evidence,
        now=ctx.now(),
    )
    return page(
        request,
        "draft.html",
        view=view,
        step=view.step,
        channel=medium,
        tone=forms.choice(Tone, tone, what="tone"),
        gap=gap,
        evidence=evidence,
        mail_ready=ctx.mail_is_set_up(),
        comments=coaching.draft_comments_on(db=ctx.db, thread_id=thread_id),
    )


@router.post("/threads/{thread_id}/sent")
def sent(request: Request, ctx: Ctx, thread_id: ThreadId, form: Posted) -> Response:
    thread = feedback.mark_sent(
        db=ctx.db,
        thread_id=thread_id,
        step=forms.choice(Step, text(form, "step"), what="step"),
        channel=forms.choice(Channel, text(form, "channel"), what="channel"),
        text=text(form, "text"),
        subject=text(form, "subject"),
        tone=forms.optional_choice(Tone, text(form, "tone"), what="tone"),
        at=forms.when(text(form, "at"), what="sent at", now=ctx.now(), happened=True) or ctx.now(),
    )
    return redirect(f"/applications/{thread.application_id}#next-step")


@router.post("/threads/{thread_id}/mailbox")
def to_mailbox(request: Request, ctx: Ctx, thread_id: ThreadId, form: Posted) -> Response:
    """The email draft, as edited, into the mail account's Drafts folder (never sent)."""
    if ctx.mail_connect is None:
        raise InvalidInput(
            "mail is not set up here: add an account with nextround mail add-account"
        )
    step = forms.choice(Step, text(form, "step"), what="step")
    placed = place_draft(
        db=ctx.db,
        thread_id=thread_id,
        step=step,
        tone=forms.choice(Tone, text(form, "tone") or "warm", what="tone"),
        connect=ctx.mail_connect,
        body=text(form, "text"),
        now=ctx.now(),
    )
    return page(request, "mailbox.html", placed=placed, step=step, text=text(form, "text"))


@router.post("/threads/{thread_id}/close")
def close(request: Request, ctx: Ctx, thread_id: ThreadId) -> Response:
    """Not worth asking, no answer after the nudge, or no note after a refusal: closed."""
    thread = feedback.close_thread(db=ctx.db, thread_id=thread_id, at=ctx.now())
    return redirect(f"/applications/{thread.application_id}#next-step")


@router.post("/threads/{thread_id}/answer")
def pitch_answer(request: Request, ctx: Ctx, thread_id: ThreadId, form: Posted) -> Response:
    """What they said to the pitch: they reconsidered, or not now."""
    thread = feedback.log_pitch_answer(
        db=ctx.db,
        thread_id=thread_id,
        answer=forms.choice(feedback.PitchAnswer, text(form, "outcome"), what="their answer"),
        text=text(form, "text"),
        at=ctx.now(),
    )
    return redirect(f"/applications/{thread.application_id}#next-step")


@router.get("/threads/{thread_id}/reply", response_class=HTMLResponse)
def reply_form(request: Request, ctx: Ctx, thread_id: ThreadId) -> Response:
    view = views.thread_page(db=ctx.db, thread_id=thread_id)
    return page(request, "reply_form.html", view=view, values={"channel": "email"})


@router.post("/threads/{thread_id}/reply")
def reply(request: Request, ctx: Ctx, thread_id: ThreadId, form: Posted) -> Response:
    try:
        _, message = feedback.record_reply(
            db=ctx.db,
            judge=ctx.judge,
            thread_id=thread_id,
            text=text(form, "text"),
            channel=forms.choice(Channel, text(form, "channel") or "email", what="channel"),
            at=forms.when(text(form, "at"), what="received", now=ctx.now(), happened=True)
            or ctx.now(),
            category=forms.optional_choice(ReplyCategory, text(form, "category"), what="judge"),
        )
    except InvalidInput as err:
        view = views.thread_page(db=ctx.db, thread_id=thread_id)
        return page(
            request,
            "reply_form.html",
            status_code=422,
            view=view,
            values=dict(form),
            errors=forms.errors_for(err, {"text": ""}),
        )
    return redirect(f"/replies/{message.id}")


@router.get("/replies/{message_id}", response_class=HTMLResponse)
def reply_page(request: Request, ctx: Ctx, message_id: MessageId) -> Response:
    view = views.reply_page(db=ctx.db, message_id=message_id)
    return page(request, "reply.html", view=view)


def _correction(form: FormData) -> dict[str, str]:
    """The judgement fields a correction form sent, as the correction service takes them."""
    fields = {name: text(form, name) for name in ("category", "kind", "after_interview")}
    if text(form, "themes_shown"):
        fields["themes"] = " ".join(texts(form, "themes"))
    return {name: value for name, value in fields.items() if value or name == "themes"}


@router.post("/messages/{message_id}/correction")
def correct(request: Request, ctx: Ctx, message_id: MessageId, form: Posted) -> Response:
    correct_message(db=ctx.db, message_id=message_id, fields=_correction(form))
    return redirect(forms.local_path(text(form, "next")) + "#judgement")


@router.post("/replies/{message_id}/lessons")
def keep_lessons(request: Request, ctx: Ctx, message_id: MessageId, form: Posted) -> Response:
    """The points the user reviewed and checked, with their edits; or one on a chosen theme."""
    if text(form, "theme"):
        learn.keep_lessons_from_reply(
            db=ctx.db,
            message_id=message_id,
            theme=forms.choice(Theme, text(form, "theme"), what="theme"),
            polarity=forms.optional_choice(Polarity, text(form, "polarity"), what="kind"),
            statement=text(form, "statement") or None,
            now=ctx.now(),
        )
        return redirect(f"/replies/{message_id}#lessons")
    numbers = [forms.ident(n, what="point") for n in texts(form, "keep")]
    if not numbers:
        raise InvalidInput("no point is checked: check the ones to keep")
    choices = [
        learn.PointChoice(
            number=n,
            statement=text(form, f"statement-{n}") or None,
            theme=forms.optional_choice(Theme, text(form, f"theme-{n}"), what="theme"),
            polarity=forms.optional_choice(Polarity, text(form, f"polarity-{n}"), what="kind"),
        )
        for n in numbers
    ]
    learn.keep_points(db=ctx.db, message_id=message_id, choices=choices, now=ctx.now())
    return redirect(f"/replies/{message_id}#lessons")
