"""The feedback loop on one thread: ask, log the reply, probe, decide, close."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum

from nextround.analysis import Judge
from nextround.domain.calendar import add_business_days
from nextround.domain.errors import InvalidInput, InvalidTransition
from nextround.domain.lessons import what_they_named
from nextround.domain.model import (
    Application,
    ApplicationStatus,
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
    STATE_WORDS,
    Event,
    FeedbackThread,
    ThreadState,
    reply_event,
    tone_note,
)
from nextround.drafting import Draft, DraftContext, LintReport, Step, draft, lint_draft
from nextround.services.record import USER_EMAIL_KEY, USER_NAME_KEY, USER_PHONE_KEY
from nextround.services.text_input import clean_text
from nextround.store import Database, Repository

# what a sent draft of each step does to the thread, and how it is stored
_SENT: dict[Step, tuple[Event, MessageKind]] = {
    Step.REQUEST: (Event.REQUEST_SENT, MessageKind.REQUEST),
    Step.SCREENING: (Event.REQUEST_SENT, MessageKind.REQUEST),
    Step.FOLLOW_UP: (Event.FOLLOW_UP_SENT, MessageKind.FOLLOW_UP),
    Step.PROBE: (Event.PROBE_SENT, MessageKind.PROBE),
    Step.PITCH: (Event.PITCHED, MessageKind.PITCH),
    Step.THANKS: (Event.THANKED, MessageKind.THANKS),
    Step.CLOSE: (Event.CLOSE_SENT, MessageKind.CLOSE),
}

# which state a step's draft is written in
_DRAFT_STATES: dict[Step, tuple[ThreadState, ...]] = {
    Step.REQUEST: (ThreadState.TO_ASK,),
    Step.SCREENING: (ThreadState.TO_ASK,),
    Step.FOLLOW_UP: (ThreadState.ASKED, ThreadState.PROBED, ThreadState.PITCHED),
    Step.PROBE: (ThreadState.GENERIC,),
    Step.PITCH: (ThreadState.ACTIONABLE,),
    Step.THANKS: (ThreadState.ACTIONABLE, ThreadState.GENERIC, ThreadState.NOT_NOW),
    Step.CLOSE: (ThreadState.DECLINED,),
}

_STEP_WORDS = {
    Step.REQUEST: "a feedback request",
    Step.SCREENING: "a feedback request",
    Step.FOLLOW_UP: "a follow-up",
    Step.PROBE: "a probe",
    Step.PITCH: "a re-pitch",
    Step.THANKS: "a thank-you",
    Step.CLOSE: "a closing note",
}


# the note on a request nobody recorded, taken as made when their answer came
IMPLIED_REQUEST = "not recorded as asked: taken as asked when they answered"


class PitchAnswer(StrEnum):
    """What they said to the user's pitch."""

    RECONSIDERED = "reconsidered"  # another interview, or a new role
    NOT_NOW = "not_now"


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
    implied_request: bool = False  # nobody had recorded asking them


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
    interview = repo.interview(thread.interview_id) if thread.interview_id else None
    interviewer = repo.contact(thread.contact_id).name if thread.contact_id else ""
    last_reply = _last_reply(repo, thread)
    reply = _reply_view(last_reply)
    raw_vagueness = reply.get("vagueness")
    themes = tuple(Theme(str(t)) for t in _as_list(reply.get("themes")))
    quotes = [str(e) for e in _as_list(reply.get("evidence"))]
    notes = [n for n in _as_list(reply.get("notes")) if isinstance(n, dict)]
    return DraftContext(
        user_name=user,
        interviewer_name=interviewer,
        company=app.company,
        role=app.role,
        talking_points=tuple(interview.talking_points) if interview else (),
        interview_stage=interview.stage if interview else "",
        interview_date=interview.when.date() if interview else None,
        vagueness=Vagueness(str(raw_vagueness)) if raw_vagueness else None,
        reply_quote=quotes[0] if quotes else "",
        reply_text=last_reply.text if last_reply else "",
        gap=gap or what_they_named(_said(notes, quotes)) or feedback_subject(themes),
        evidence=evidence,
        themes=themes,
        said=_said(notes, quotes),
        asked_by=_asked_by(repo, thread),
        after_pitch=thread.state is ThreadState.PITCHED,
        user_phone=repo.get_meta(USER_PHONE_KEY) or "",
        user_email=repo.get_meta(USER_EMAIL_KEY) or "",
    )


def _said(notes: list[dict[object, object]], quotes: list[str]) -> tuple[str, ...]:
    """The critical points they made, one sentence each (praise left out)."""
    critical = tuple(str(n.get("sentence", "")) for n in notes if not n.get("strength"))
    return critical or tuple(quotes)


def _asked_by(repo: Repository, thread: FeedbackThread) -> Channel | None:
    """How the question now awaited was asked (a phone request has no "note" to recall)."""
    step = thread.asked_on
    if step is None:
        return None
    if step.message_id is None:
        return Channel.CALL  # a request implied by a logged call
    return repo.message(step.message_id).channel


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def _check_step(thread: FeedbackThread, step: Step) -> None:
    if thread.state.is_closed:
        raise InvalidTransition(
            f"thread #{thread.id} is closed ({thread.closed_because()}); "
            "there is nothing more to send on it"
        )
    allowed = _DRAFT_STATES[step]
    if thread.state not in allowed:
        raise InvalidTransition(
            f"{_STEP_WORDS[step]} does not fit now (the feedback on this application: "
            f"{STATE_WORDS[thread.state]})"
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


def steps_to_draft(thread: FeedbackThread) -> list[Step]:
    """The drafts that fit the thread now, in the loop's order (a request without a
    recorded interview is the screening kind); none on a closed thread."""
    fits: list[Step] = []
    for each in (Step.REQUEST, Step.FOLLOW_UP, Step.PROBE, Step.PITCH, Step.THANKS, Step.CLOSE):
        step = request_step(thread, each)
        try:
            _check_step(thread, step)
        except InvalidTransition:
            continue
        fits.append(step)
    return fits


def request_step(thread: FeedbackThread, step: Step) -> Step:
    """The request a thread without a recorded interview gets: the screening kind."""
    if step is Step.REQUEST and thread.interview_id is None:
        return Step.SCREENING
    return step


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
        step = request_step(thread, step)
        _check_step(thread, step)
        ctx = _context(repo, thread, gap=gap.strip(), evidence=evidence.strip())
    written = draft(step, channel, tone, ctx)
    report = lint_draft(written.text, talking_points=ctx.talking_points, step=step, channel=channel)
    send_by = thread.send_by() if step in (Step.REQUEST, Step.SCREENING) else None
    follow_up_on = None
    if step in (Step.REQUEST, Step.SCREENING, Step.PROBE, Step.PITCH):
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
    tone: Tone | None = None,
    at: datetime,
) -> FeedbackThread:
    """Record that the user sent (or said) a step's message; the thread moves on.

    The tone it was drafted in is kept with it, so `stats` can tell which tone
    gets answers."""
    body = clean_text(text, what=f"{step.value.replace('_', '-')} text")
    with db.unit() as repo:
        thread = repo.thread(thread_id)
        step = request_step(thread, step)
        _check_step(thread, step)
        event, kind = _SENT[step]
        stored = _store_on_thread(
            repo,
            thread=thread,
            direction=Direction.SENT,
            kind=kind,
            channel=channel,
            body=body,
            subject=subject,
            at=at,
        )
        note = tone_note(tone) if tone is not None else ""
        thread.apply(event, at=at, message_id=stored.id, note=note)
        repo.save_thread(thread)
        return thread


def _store_on_thread(
    repo: Repository,
    *,
    thread: FeedbackThread,
    direction: Direction,
    kind: MessageKind,
    channel: Channel,
    body: str,
    at: datetime,
    subject: str = "",
    analysis: dict[str, object] | None = None,
    correction: dict[str, object] | None = None,
) -> Message:
    """A message sent or received on a feedback thread, stored with the thread's people."""
    return repo.add_message(
        Message(
            id=None,
            application_id=thread.application_id,
            thread_id=thread.id,
            contact_id=thread.contact_id,
            direction=direction,
            kind=kind,
            channel=channel,
            text=body,
            subject=subject,
            at=at,
            analysis=analysis,
            correction=correction,
        )
    )


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
    first = thread.transitions[0] if thread.transitions else None
    return ReplyOutcome(
        thread=thread,
        message=message,
        judgement=judgement,
        next_drafts=_next_drafts(db=db, thread=thread, channel=channel),
        implied_request=len(thread.transitions) == 2
        and first is not None
        and first.note == IMPLIED_REQUEST,
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
        # they asked by phone (or in person) and are logging the answer straight away
        thread.apply(Event.REQUEST_SENT, at=at, note=IMPLIED_REQUEST)
    elif thread.state is ThreadState.PITCHED:
        raise InvalidInput(
            f"thread #{thread.id} waits for their answer to your pitch; say what they said: "
            f"did they reconsider, or was it not now? (nextround answer {thread.id} ...)"
        )
    elif not thread.state.awaits_answer:
        raise InvalidTransition(_not_waiting(thread))
    message = _store_on_thread(
        repo,
        thread=thread,
        direction=Direction.RECEIVED,
        kind=MessageKind.REPLY,
        channel=channel,
        body=body,
        at=at,
        analysis=reply_dict(judgement),
        correction={"category": chosen.value} if chosen is not judgement.category else None,
    )
    thread.apply(reply_event(chosen.value), at=at, message_id=message.id)
    repo.save_thread(thread)
    return thread, message


def _not_waiting(thread: FeedbackThread) -> str:
    if thread.state.is_closed:
        return (
            f"thread #{thread.id} is closed ({thread.closed_because()}); "
            "there is nothing more to log on it"
        )
    start = f"thread #{thread.id} is not waiting for an answer: "
    if thread.state is ThreadState.GENERIC:
        return start + "send a probe first (nextround probe) or thank them (nextround thank)"
    if thread.state is ThreadState.ACTIONABLE:
        return start + "decide: pitch again (nextround pitch) or thank them (nextround thank)"
    if thread.state is ThreadState.NOT_NOW:
        return start + "they said not now; thank them and close (nextround thank)"
    return start + "they give no feedback; a gracious close is all that is left (nextround close)"


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
    if not steps:
        return ()
    with db.unit() as repo:
        if not repo.get_meta(USER_NAME_KEY):
            return ()  # the reply is kept; drafts wait until the user gives their name
        ctx = _context(repo, thread)
    return tuple(draft(step, reply_channel, Tone.WARM, ctx) for step in steps)


def close_thread(*, db: Database, thread_id: int, at: datetime) -> FeedbackThread:
    """Close a thread without a message: not worth asking, no response, or no note after a no."""
    with db.unit() as repo:
        thread = repo.thread(thread_id)
        if thread.state is ThreadState.TO_ASK:
            thread.apply(Event.NOT_ASKING, at=at, note="not worth asking")
        elif thread.state is ThreadState.DECLINED:
            thread.apply(Event.CLOSE_SENT, at=at, note="closed without a note")
        else:
            thread.apply(Event.NO_RESPONSE, at=at)
        repo.save_thread(thread)
        return thread


def close_no_response(*, db: Database, thread_id: int, at: datetime) -> FeedbackThread:
    """Close a thread whose follow-up went unanswered."""
    with db.unit() as repo:
        thread = repo.thread(thread_id)
        thread.apply(Event.NO_RESPONSE, at=at)
        repo.save_thread(thread)
        return thread


def log_pitch_answer(
    *,
    db: Database,
    thread_id: int,
    answer: PitchAnswer,
    text: str = "",
    channel: Channel = Channel.EMAIL,
    at: datetime,
) -> FeedbackThread:
    """What they said to the user's pitch: they reconsidered, or not now.

    Reconsidered puts the application back to interviewing, so the interview
    (or the new role) they offered is recorded next; not now leaves a thank-you
    to send, and the lesson stays kept.
    """
    with db.unit() as repo:
        thread = repo.thread(thread_id)
        event = Event.RECONSIDERED if answer is PitchAnswer.RECONSIDERED else Event.NOT_NOW
        if not thread.can(event):
            thread.apply(event, at=at)  # raises, saying why in plain words
        message_id = None
        if text.strip():
            body = clean_text(text, what="their answer")
            message_id = _store_on_thread(
                repo,
                thread=thread,
                direction=Direction.RECEIVED,
                kind=MessageKind.PITCH_ANSWER,
                channel=channel,
                body=body,
                at=at,
            ).id
        thread.apply(event, at=at, message_id=message_id)
        repo.save_thread(thread)
        if answer is PitchAnswer.RECONSIDERED:
            repo.set_status(thread.application_id, ApplicationStatus.INTERVIEWING, now=at)
        return thread


def show_thread(*, db: Database, thread_id: int) -> tuple[FeedbackThread, list[Message]]:
    with db.unit() as repo:
        thread = repo.thread(thread_id)
        return thread, repo.messages(thread_id=thread_id)


def list_threads(*, db: Database, open_only: bool = False) -> list[FeedbackThread]:
    with db.unit() as repo:
        return repo.threads(open_only=open_only)


def applications_of(*, db: Database, threads: list[FeedbackThread]) -> dict[int, Application]:
    """The application behind each thread, so a list can name the company."""
    with db.unit() as repo:
        return {t.application_id: repo.application(t.application_id) for t in threads}
