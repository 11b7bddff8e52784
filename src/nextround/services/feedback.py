"""The feedback loop on one thread: ask, log the reply, probe, decide, close."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from nextround.analysis import Judge
from nextround.domain.calendar import add_business_days
from nextround.domain.errors import InvalidInput, InvalidTransition
from nextround.domain.model import (
    Channel,
    Direction,
    Message,
    MessageKind,
    ReplyCategory,
    ReplyJudgement,
    Tone,
    Vagueness,
)
from nextround.domain.themes import Theme, feedback_subject
from nextround.domain.thread import (
    FOLLOW_UP_AFTER_BUSINESS_DAYS,
    Event,
    FeedbackThread,
    ThreadState,
    reply_event,
)
from nextround.drafting import Draft, DraftContext, LintReport, Step, draft, lint_draft
from nextround.services.record import USER_NAME_KEY
from nextround.services.text_input import clean_text
from nextround.store import Database, Repository

# what a sent draft of each step does to the thread, and how it is stored
_SENT: dict[Step, tuple[Event, MessageKind]] = {
    Step.REQUEST: (Event.REQUEST_SENT, MessageKind.REQUEST),
    Step.FOLLOW_UP: (Event.FOLLOW_UP_SENT, MessageKind.FOLLOW_UP),
    Step.PROBE: (Event.PROBE_SENT, MessageKind.PROBE),
    Step.PITCH: (Event.PITCHED, MessageKind.PITCH),
    Step.THANKS: (Event.THANKED, MessageKind.THANKS),
}

# which state a step's draft is written in
_DRAFT_STATES: dict[Step, tuple[ThreadState, ...]] = {
    Step.REQUEST: (ThreadState.TO_ASK,),
    Step.FOLLOW_UP: (ThreadState.ASKED, ThreadState.PROBED),
    Step.PROBE: (ThreadState.GENERIC,),
    Step.PITCH: (ThreadState.ACTIONABLE,),
    Step.THANKS: (ThreadState.ACTIONABLE, ThreadState.GENERIC),
    Step.CLOSE: (ThreadState.DECLINED,),
}


@dataclass(frozen=True, slots=True)
class DraftResult:
    thread: FeedbackThread
    draft: Draft
    lint: LintReport
    send_by: datetime | None
    follow_up_on: datetime | None


@dataclass(frozen=True, slots=True)
class ReplyOutcome:
    thread: FeedbackThread
    message: Message
    judgement: ReplyJudgement
    next_drafts: tuple[Draft, ...]


def reply_dict(judgement: ReplyJudgement) -> dict[str, object]:
    data = asdict(judgement)
    data["category"] = judgement.category.value
    data["themes"] = [t.value for t in judgement.themes]
    data["evidence"] = list(judgement.evidence)
    data["vagueness"] = judgement.vagueness.value if judgement.vagueness else None
    data["notes"] = [
        {"sentence": n.sentence, "themes": [t.value for t in n.themes], "strength": n.strength}
        for n in judgement.notes
    ]
    return data


def _last_reply(repo: Repository, thread: FeedbackThread) -> Message | None:
    assert thread.id is not None
    replies = [m for m in repo.messages(thread_id=thread.id) if m.kind is MessageKind.REPLY]
    return replies[-1] if replies else None


def _reply_view(message: Message | None) -> dict[str, object]:
    """The judgement of a stored reply, with the user's correction over it."""
    if message is None:
        return {}
    view = dict(message.analysis or {})
    view.update(message.correction or {})
    return view


def _context(
    repo: Repository, thread: FeedbackThread, *, gap: str = "", evidence: str = ""
) -> DraftContext:
    user = repo.get_meta(USER_NAME_KEY)
    if not user:
        raise InvalidInput(
            'drafts are signed with your name; set it first: nextround me "Your Name"'
        )
    app = repo.application(thread.application_id)
    if thread.interview_id is None:
        raise InvalidInput(
            f"no interview is recorded for {app.company}, so a draft would have nothing "
            "specific to remind them of; record it first with "
            f"`nextround interview add {app.id} --stage ... --when ... --point ...` "
            "(a rejection at the screening stage rarely yields feedback)"
        )
    interview = repo.interview(thread.interview_id)
    interviewer = repo.contact(thread.contact_id).name if thread.contact_id else ""
    reply = _reply_view(_last_reply(repo, thread))
    raw_vagueness = reply.get("vagueness")
    themes = tuple(Theme(str(t)) for t in _as_list(reply.get("themes")))
    quotes = [str(e) for e in _as_list(reply.get("evidence"))]
    return DraftContext(
        user_name=user,
        interviewer_name=interviewer,
        company=app.company,
        role=app.role,
        talking_points=tuple(interview.talking_points),
        interview_stage=interview.stage,
        interview_date=interview.when.date(),
        vagueness=Vagueness(str(raw_vagueness)) if raw_vagueness else None,
        reply_quote=quotes[0] if quotes else "",
        gap=gap or feedback_subject(themes),
        evidence=evidence,
        themes=themes,
    )


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def _check_step(thread: FeedbackThread, step: Step) -> None:
    allowed = _DRAFT_STATES[step]
    if thread.state not in allowed:
        where = " or ".join(s.value for s in allowed)
        raise InvalidTransition(
            f"a {step.value.replace('_', '-')} draft fits a thread that is {where}; "
            f"thread #{thread.id} is {thread.state.value}"
        )
    if step is Step.PROBE and not thread.can(Event.PROBE_SENT):
        raise InvalidTransition(
            f"thread #{thread.id} already had {thread.probes_sent} probes; "
            "thank them and keep what you learned instead"
        )
    if step is Step.FOLLOW_UP and not thread.can(Event.FOLLOW_UP_SENT):
        raise InvalidTransition(
            f"thread #{thread.id} already had its one follow-up; close it as no response"
        )


def write_draft(
    *,
    db: Database,
    thread_id: int,
    step: Step,
    channel: Channel,
    tone: Tone,
    gap: str = "",
    evidence: str = "",
    now: datetime,
) -> DraftResult:
    """Draft the message for ``step`` on a thread, with its lint and timing advice."""
    if step is Step.PITCH and not evidence.strip():
        raise InvalidInput(
            "a re-pitch needs your evidence: what shows you can close the gap (--evidence)"
        )
    with db.unit() as repo:
        thread = repo.thread(thread_id)
        _check_step(thread, step)
        ctx = _context(repo, thread, gap=gap.strip(), evidence=evidence.strip())
    written = draft(step, channel, tone, ctx)
    report = lint_draft(written.text, talking_points=ctx.talking_points, step=step, channel=channel)
    send_by = thread.send_by() if step is Step.REQUEST else None
    follow_up_on = None
    if step in (Step.REQUEST, Step.PROBE):
        follow_up_on = add_business_days(now, FOLLOW_UP_AFTER_BUSINESS_DAYS)
    return DraftResult(
        thread=thread, draft=written, lint=report, send_by=send_by, follow_up_on=follow_up_on
    )


def mark_sent(
    *,
    db: Database,
    thread_id: int,
    step: Step,
    channel: Channel,
    text: str,
    subject: str = "",
    at: datetime,
) -> FeedbackThread:
    """Record that the user sent (or said) a step's message; the thread moves on."""
    if step is Step.CLOSE:
        return _store_close(db=db, thread_id=thread_id, channel=channel, text=text, at=at)
    event, kind = _SENT[step]
    body = clean_text(text, what=f"{step.value} text")
    with db.unit() as repo:
        thread = repo.thread(thread_id)
        if step in (Step.PROBE, Step.FOLLOW_UP):
            _check_step(thread, step)
        stored = _store_sent(repo, thread, kind, channel, body, subject, at)
        thread.apply(event, at=at, message_id=stored.id)
        repo.save_thread(thread)
        return thread


def _store_sent(
    repo: Repository,
    thread: FeedbackThread,
    kind: MessageKind,
    channel: Channel,
    body: str,
    subject: str,
    at: datetime,
) -> Message:
    return repo.add_message(
        Message(
            id=None,
            application_id=thread.application_id,
            thread_id=thread.id,
            contact_id=thread.contact_id,
            direction=Direction.SENT,
            kind=kind,
            channel=channel,
            text=body,
            subject=subject,
            at=at,
        )
    )


def _store_close(
    *, db: Database, thread_id: int, channel: Channel, text: str, at: datetime
) -> FeedbackThread:
    """A gracious close after a refusal: stored, the thread is already closed."""
    body = clean_text(text, what="closing note")
    with db.unit() as repo:
        thread = repo.thread(thread_id)
        _check_step(thread, Step.CLOSE)
        _store_sent(repo, thread, MessageKind.CLOSE, channel, body, "", at)
        return thread


def log_reply(
    *,
    db: Database,
    judge: Judge,
    thread_id: int,
    text: str,
    channel: Channel = Channel.EMAIL,
    at: datetime,
    category: ReplyCategory | None = None,
) -> ReplyOutcome:
    """Store and judge what the interviewer said; move the thread; offer next drafts.

    ``category`` overrides the judgement when the user already knows better; the
    override is kept as a correction beside the machine's guess.
    """
    thread, message, judgement = _judge_and_store(
        db, judge, thread_id, text, channel=channel, at=at, category=category
    )
    return ReplyOutcome(
        thread=thread,
        message=message,
        judgement=judgement,
        next_drafts=_next_drafts(db=db, thread=thread, channel=channel),
    )


def record_reply(
    *,
    db: Database,
    judge: Judge,
    thread_id: int,
    text: str,
    channel: Channel = Channel.EMAIL,
    at: datetime,
    category: ReplyCategory | None = None,
) -> tuple[FeedbackThread, Message]:
    """Judge and store what the interviewer said, and move the thread; nothing else.

    ``log_reply`` also drafts the next message, which needs a recorded interview
    and the user's name; the web offers each next step on its own page instead,
    so a reply is kept whether or not a draft could be written.
    """
    thread, message, _ = _judge_and_store(
        db, judge, thread_id, text, channel=channel, at=at, category=category
    )
    return thread, message


def _judge_and_store(
    db: Database,
    judge: Judge,
    thread_id: int,
    text: str,
    *,
    channel: Channel,
    at: datetime,
    category: ReplyCategory | None,
) -> tuple[FeedbackThread, Message, ReplyJudgement]:
    body = clean_text(text, what="reply")
    judgement = judge.judge_reply(body)
    with db.unit() as repo:
        thread, message = store_reply(
            repo,
            thread_id=thread_id,
            body=body,
            judgement=judgement,
            channel=channel,
            at=at,
            category=category,
        )
    return thread, message, judgement


def store_reply(
    repo: Repository,
    *,
    thread_id: int,
    body: str,
    judgement: ReplyJudgement,
    channel: Channel = Channel.EMAIL,
    at: datetime,
    category: ReplyCategory | None = None,
) -> tuple[FeedbackThread, Message]:
    """Store a judged reply and move its thread, in ``repo``'s unit of work.

    Shared by ``log_reply``, ``record_reply`` and mail ingestion, which judges first.
    """
    chosen = category or judgement.category
    thread = repo.thread(thread_id)
    if thread.state is ThreadState.TO_ASK:
        # they asked by phone and are logging the answer straight away
        thread.apply(Event.REQUEST_SENT, at=at, note="request implied by the reply")
    elif not thread.state.awaits_answer:
        raise InvalidTransition(
            f"thread #{thread.id} is {thread.state.value}, not waiting for an answer; "
            + _hint(thread)
        )
    message = repo.add_message(
        Message(
            id=None,
            application_id=thread.application_id,
            thread_id=thread.id,
            contact_id=thread.contact_id,
            direction=Direction.RECEIVED,
            kind=MessageKind.REPLY,
            channel=channel,
            text=body,
            at=at,
            analysis=reply_dict(judgement),
            correction={"category": chosen.value} if chosen is not judgement.category else None,
        )
    )
    thread.apply(reply_event(chosen.value), at=at, message_id=message.id)
    repo.save_thread(thread)
    return thread, message


def _hint(thread: FeedbackThread) -> str:
    if thread.state is ThreadState.GENERIC:
        return "send a probe first (nextround probe) or thank them (nextround thank)"
    if thread.state is ThreadState.ACTIONABLE:
        return "decide: pitch again (nextround pitch) or thank them (nextround thank)"
    return "the thread is closed"


def _next_drafts(*, db: Database, thread: FeedbackThread, channel: Channel) -> tuple[Draft, ...]:
    """The drafts that fit the thread's new state, in the reply's channel."""
    assert thread.id is not None
    reply_channel = Channel.EMAIL if channel is Channel.VOICEMAIL else channel
    steps: tuple[Step, ...] = ()
    if thread.state is ThreadState.GENERIC:
        steps = (Step.PROBE,) if thread.can(Event.PROBE_SENT) else (Step.THANKS,)
    elif thread.state is ThreadState.DECLINED:
        steps = (Step.CLOSE,)
    elif thread.state is ThreadState.ACTIONABLE:
        steps = (Step.THANKS,)  # a re-pitch needs the user's evidence first
    if not steps or thread.interview_id is None:
        # no recorded interview: the reply is kept, but a draft would have nothing to name
        return ()
    with db.unit() as repo:
        ctx = _context(repo, thread)
    return tuple(draft(step, reply_channel, Tone.WARM, ctx) for step in steps)


def close_no_response(*, db: Database, thread_id: int, at: datetime) -> FeedbackThread:
    """Close a thread whose follow-up went unanswered."""
    with db.unit() as repo:
        thread = repo.thread(thread_id)
        thread.apply(Event.NO_RESPONSE, at=at)
        repo.save_thread(thread)
        return thread


def show_thread(*, db: Database, thread_id: int) -> tuple[FeedbackThread, list[Message]]:
    with db.unit() as repo:
        thread = repo.thread(thread_id)
        return thread, repo.messages(thread_id=thread_id)


def list_threads(*, db: Database, open_only: bool = False) -> list[FeedbackThread]:
    with db.unit() as repo:
        return repo.threads(open_only=open_only)
