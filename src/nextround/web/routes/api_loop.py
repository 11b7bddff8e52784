"""JSON API: the feedback loop — reject, draft, send, reply, close, lint, correct."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from nextround.domain.drafts import Step
from nextround.domain.model import Channel, Tone
from nextround.services import feedback, learn
from nextround.services.draft_check import check_draft, check_thread_draft
from nextround.services.models import correct_message
from nextround.services.rejection import record_rejection
from nextround.services.when import happened_at
from nextround.web.context import Ctx
from nextround.web.render import render_text
from nextround.web.routes.api_records import ERRORS
from nextround.web.routes.common import AppId, MessageId, ThreadId
from nextround.web.schemas import (
    CorrectionIn,
    DraftOut,
    KeepIn,
    LessonOut,
    LintIn,
    LintOut,
    MessageOut,
    PitchAnswerIn,
    RejectionIn,
    RejectionOut,
    ReplyIn,
    ReplyOut,
    SentIn,
    ThreadLintIn,
    ThreadOut,
)

router = APIRouter(prefix="/api", responses=ERRORS)

Text = Annotated[str, Query(max_length=4000)]


@router.post("/applications/{app_id}/rejection", status_code=201, tags=["feedback loop"])
def create_rejection(ctx: Ctx, app_id: AppId, body: RejectionIn) -> RejectionOut:
    """Record a rejection: it is judged, filed and opens the application's feedback thread."""
    now = ctx.now()
    result = record_rejection(
        db=ctx.db,
        judge=ctx.judge,
        text=body.text,
        subject=body.subject,
        received_at=happened_at(body.received_at, now=now, what="received_at"),
        application_id=app_id,
        contact_id=body.contact_id,
        accept_non_rejection=body.anyway,
        now=now,
    )
    return RejectionOut(
        application_id=result.application.id or 0,
        thread_id=result.thread.id or 0,
        message_id=result.message.id or 0,
        judgement=dict(result.message.analysis or {}),
        after_interview=result.thread.after_interview,
        send_by=result.thread.send_by(),
    )


@router.get("/threads", tags=["feedback loop"])
def list_threads(
    ctx: Ctx, open_only: Annotated[bool, Query(alias="open")] = False
) -> list[ThreadOut]:
    """Feedback threads; `open=true` for those still going."""
    return [ThreadOut.of(t) for t in feedback.list_threads(db=ctx.db, open_only=open_only)]


@router.get("/threads/{thread_id}", tags=["feedback loop"])
def get_thread(ctx: Ctx, thread_id: ThreadId) -> ThreadOut:
    """A feedback thread with every step and its time."""
    thread, _ = feedback.show_thread(db=ctx.db, thread_id=thread_id)
    return ThreadOut.of(thread)


@router.get("/threads/{thread_id}/messages", tags=["feedback loop"])
def thread_messages(ctx: Ctx, thread_id: ThreadId) -> list[MessageOut]:
    """The messages of a thread, oldest first, with their judgements."""
    _, messages = feedback.show_thread(db=ctx.db, thread_id=thread_id)
    return [MessageOut.of(m) for m in messages]


@router.get("/threads/{thread_id}/draft", tags=["feedback loop"])
def get_draft(
    ctx: Ctx,
    thread_id: ThreadId,
    step: Step = Step.REQUEST,
    channel: Channel = Channel.CALL,
    tone: Tone = Tone.WARM,
    gap: Text = "",
    evidence: Text = "",
) -> DraftOut:
    """Draft the thread's message for a step, with its check and timing advice."""
    result = feedback.write_draft(
        db=ctx.db,
        thread_id=thread_id,
        step=step,
        channel=channel,
        tone=tone,
        gap=gap,
        evidence=evidence,
        now=ctx.now(),
    )
    return DraftOut.of_result(result)


@router.post("/threads/{thread_id}/sent", tags=["feedback loop"])
def post_sent(ctx: Ctx, thread_id: ThreadId, body: SentIn) -> ThreadOut:
    """Record that you sent (or said) a step's message; the thread moves on."""
    thread = feedback.mark_sent(
        db=ctx.db,
        thread_id=thread_id,
        step=body.step,
        channel=body.channel,
        text=body.text,
        subject=body.subject,
        tone=body.tone,
        at=happened_at(body.at, now=ctx.now(), what="at"),
    )
    return ThreadOut.of(thread)


@router.post("/threads/{thread_id}/reply", status_code=201, tags=["feedback loop"])
def post_reply(ctx: Ctx, thread_id: ThreadId, body: ReplyIn) -> ReplyOut:
    """Log what the interviewer said: judged actionable, generic or declined.

    The next message to send is a draft away: ``GET /api/threads/{id}/draft``
    with the step that fits the thread's new state.
    """
    thread, message = feedback.record_reply(
        db=ctx.db,
        judge=ctx.judge,
        thread_id=thread_id,
        text=body.text,
        channel=body.channel,
        at=happened_at(body.at, now=ctx.now(), what="at"),
        category=body.category,
    )
    return ReplyOut(thread=ThreadOut.of(thread), message=MessageOut.of(message))


@router.post("/threads/{thread_id}/close", tags=["feedback loop"])
def post_close(ctx: Ctx, thread_id: ThreadId) -> ThreadOut:
    """Close a thread without a message.

    Not asked yet: not worth asking. Refused feedback: closed without a note.
    Waiting after the one follow-up: no response.
    """
    return ThreadOut.of(feedback.close_thread(db=ctx.db, thread_id=thread_id, at=ctx.now()))


@router.post("/threads/{thread_id}/answer", tags=["feedback loop"])
def post_pitch_answer(ctx: Ctx, thread_id: ThreadId, body: PitchAnswerIn) -> ThreadOut:
    """Log their answer to your pitch: reconsidered (an interview or a new role) or not now."""
    thread = feedback.log_pitch_answer(
        db=ctx.db,
        thread_id=thread_id,
        answer=body.outcome,
        text=body.text,
        channel=body.channel,
        at=body.at or ctx.now(),
    )
    return ThreadOut.of(thread)


@router.post(
    "/threads/{thread_id}/lint",
    tags=["drafts"],
    response_model=LintOut,
    responses={200: {"content": {"text/html": {}}, "description": "HTML for HTMX requests."}},
)
def lint_thread_draft(
    request: Request, ctx: Ctx, thread_id: ThreadId, body: ThreadLintIn
) -> LintOut | Response:
    """Check a draft being edited, with the thread's talking points.

    JSON by default; the findings as an HTML fragment when HTMX asks (``HX-Request``).
    """
    report = check_thread_draft(
        db=ctx.db,
        thread_id=thread_id,
        text=body.text,
        subject=body.subject,
        step=body.step,
        channel=body.channel,
    )
    if request.headers.get("hx-request") == "true":
        return HTMLResponse(render_text("_lint.html", {"lint": report}))
    return LintOut.model_validate(report)


@router.post("/lint", tags=["drafts"])
def lint(body: LintIn) -> LintOut:
    """Check any draft: what it has, what it lacks, what sinks it (as `nextround lint-draft`)."""
    report = check_draft(
        body.text, talking_points=body.talking_points, step=body.step, channel=body.channel
    )
    return LintOut.model_validate(report)


@router.patch("/messages/{message_id}/correction", tags=["judgements"])
def patch_correction(ctx: Ctx, message_id: MessageId, body: CorrectionIn) -> MessageOut:
    """Correct a judgement; kept beside the machine's guess, and a label to learn from."""
    return MessageOut.of(correct_message(db=ctx.db, message_id=message_id, fields=body.fields()))


@router.post("/messages/{message_id}/lessons", status_code=201, tags=["lessons"])
def keep_lessons(ctx: Ctx, message_id: MessageId, body: KeepIn) -> list[LessonOut]:
    """Keep the lessons a reply carries (one per theme), with your edits."""
    kept = learn.keep_lessons_from_reply(
        db=ctx.db,
        message_id=message_id,
        theme=body.theme,
        polarity=body.polarity,
        statement=body.statement,
        evidence=body.evidence,
        now=ctx.now(),
    )
    return [LessonOut.model_validate(lesson) for lesson in kept]
