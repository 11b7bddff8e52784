"""The feedback loop: reject, ask, reply, probe, follow up, pitch, thank, close."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from nextround.cli.common import (
    MAX_ID,
    TableOut,
    console,
    esc,
    fmt_when,
    parse_when,
    print_json,
    read_input,
    state,
)
from nextround.domain.certainty import certainty, needs_check
from nextround.domain.model import Channel, ReplyCategory, Tone

if TYPE_CHECKING:
    from nextround.domain.drafts import Draft, Step
    from nextround.services.feedback import DraftResult, ReplyOutcome

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
ChannelOpt = Annotated[
    Channel, typer.Option(help="call (a script), email, linkedin (300 chars) or voicemail.")
]
ToneOpt = Annotated[Tone, typer.Option(help="warm, concise or formal.")]
SentOpt = Annotated[
    bool, typer.Option("--sent", help="Record that you sent it (or said it) now, or --at.")
]
AtOpt = Annotated[
    str | None, typer.Option("--at", metavar="WHEN", help="When it happened (default: now).")
]
EditedOpt = Annotated[
    Path | None,
    typer.Option("--edited", help="With --sent: the text you actually sent, from this file."),
]
ThreadArg = Annotated[
    int, typer.Argument(min=1, max=MAX_ID, help="Feedback thread id (see `nextround threads`).")
]


def register(app: typer.Typer) -> None:
    for name, fn in (
        ("reject", reject),
        ("ask", ask),
        ("reply", reply),
        ("probe", probe),
        ("follow-up", follow_up),
        ("pitch", pitch),
        ("thank", thank),
        ("close", close),
        ("answer", answer),
        ("thread", thread),
        ("threads", threads),
    ):
        app.command(name)(fn)


def reject(
    ctx: typer.Context,
    text: Annotated[str | None, typer.Argument(help="The rejection text, or - for stdin.")] = None,
    file: Annotated[Path | None, typer.Option(help="Read the text from this UTF-8 file.")] = None,
    eml: Annotated[Path | None, typer.Option(help="Read it from this .eml message.")] = None,
    application_id: Annotated[
        int | None,
        typer.Option(
            "--app", min=1, max=MAX_ID, help="Application id (default: matched by company)."
        ),
    ] = None,
    subject: Annotated[str, typer.Option(help="The email's subject line.")] = "",
    at: AtOpt = None,
    anyway: Annotated[
        bool, typer.Option("--anyway", help="Record it even if it does not read like one.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Record a rejection: it is judged, filed and opens the feedback thread.

    \b
    Examples:
      nextround reject --app 3 --file rejection.txt
      pbpaste | nextround reject --app 3
    """
    from nextround.cli.common import judge
    from nextround.services.rejection import record_rejection

    st = state(ctx)
    now = st.now()
    sender = ""
    received = parse_when(at, now=now, what="--at", happened=True) if at else None
    if eml is not None:
        from nextround.services.text_input import read_mail_file

        if text is not None or file is not None:
            from nextround.domain.errors import InvalidInput

            raise InvalidInput("give the rejection as text, --file or --eml, only one of them")
        mail = read_mail_file(eml)
        body, subject, sender = mail.text, subject or mail.subject, mail.sender_address
        if received is None and mail.date is not None and mail.date <= now:
            received = mail.date  # a Date header ahead of now is a wrong clock: now
    else:
        body = read_input(text, file, what="rejection text")
    result = record_rejection(
        db=st.db,
        judge=judge(st),
        text=body,
        subject=subject,
        sender=sender,
        received_at=received or now,
        application_id=application_id,
        accept_non_rejection=anyway,
        now=now,
    )
    j = result.judgement
    if as_json:
        print_json(
            {
                "thread_id": result.thread.id,
                "application_id": result.application.id,
                "message_id": result.message.id,
                "judgement": result.message.analysis,
                "send_by": result.thread.send_by(),
            }
        )
        return
    out = console(err=True)
    out.print(
        f"[bold]Rejection filed[/bold] for #{result.application.id} "
        f"{esc(result.application.company)} — {esc(result.application.role)}",
        markup=True,
    )
    stage = {True: "after an interview", False: "at the screening stage", None: "stage unclear"}
    out.print(f"  judged: {stage[result.thread.after_interview]} ({sure_words(j.confidence)})")
    out.print(f"  reason given: {j.reason}" if j.gives_reason and j.reason else "  no reason given")
    out.print(f"  feedback thread #{result.thread.id} opened")
    if result.thread.interview_id is None:
        out.print(
            "  no interview is recorded for this application: if you had one, record it "
            f"with its talking points (nextround interview add {result.application.id} ...)"
        )
        tid = result.thread.id
        out.print(
            f"  next (optional): ask the recruiter what would have made your application "
            f"stronger: nextround ask {tid} --channel email   (ask by "
            f"{fmt_when(result.thread.send_by())})\n"
            f"  or, not worth asking: nextround close {tid}"
        )
        typer.echo(str(result.thread.id))
        return
    out.print(
        f"  next: nextround ask {result.thread.id} --channel call   "
        f"(ask by {fmt_when(result.thread.send_by())})"
    )
    typer.echo(str(result.thread.id))


def _render_draft(result: DraftResult) -> None:
    out = console()
    d = result.draft
    title = f"{d.step.value.replace('_', '-')} · {d.channel.value} · {d.tone.value}"
    out.rule(title)
    if d.subject:
        out.print(f"Subject: {d.subject}\n", markup=False)
    out.print(d.body, markup=False)
    out.rule()
    lint = result.lint
    missing = f"; missing: {', '.join(lint.missing)}" if lint.missing else ""
    flags = f"; flags: {', '.join(lint.flags)}" if lint.flags else ""
    out.print(f"draft check: {lint.score}/100{missing}{flags}")
    if "unfilled_slot" in lint.flags:
        out.print(
            "no talking point is recorded for this interview: fill in the [bracketed] part "
            "before you send it, or record one with: nextround interview add APP --point ...",
            markup=False,
        )
    if result.send_by:
        out.print(
            f"send by: {fmt_when(result.send_by)} (within two business days of the rejection)"
        )
    if result.follow_up_on:
        out.print(f"follow up on: {fmt_when(result.follow_up_on)} if there is no answer")


def _draft_json(result: DraftResult) -> dict[str, object]:
    d = result.draft
    return {
        "thread_id": result.thread.id,
        "step": d.step.value,
        "channel": d.channel.value,
        "tone": d.tone.value,
        "subject": d.subject,
        "body": d.body,
        "lint": result.lint.to_json(),
        "send_by": result.send_by,
        "follow_up_on": result.follow_up_on,
    }


def _draft_step(
    ctx: typer.Context,
    *,
    step: Step,
    thread_id: int,
    channel: Channel,
    tone: Tone,
    sent: bool,
    at: str | None,
    edited: Path | None,
    as_json: bool,
    gap: str = "",
    evidence: str = "",
) -> None:
    from nextround.services import feedback

    st = state(ctx)
    now = st.now()
    result = feedback.write_draft(
        db=st.db,
        thread_id=thread_id,
        step=step,
        channel=channel,
        tone=tone,
        gap=gap,
        evidence=evidence,
        now=now,
    )
    if not sent:
        if as_json:
            print_json(_draft_json(result))
            return
        _render_draft(result)
        console().print(
            f"when you have sent it: nextround {_command(step)} {thread_id} "
            f"--channel {channel.value} --sent"
        )
        return
    body = read_input(None, edited, what="edited draft") if edited else result.draft.body
    when = parse_when(at, now=now, what="--at", happened=True)
    moved = feedback.mark_sent(
        db=st.db,
        thread_id=thread_id,
        step=step,
        channel=channel,
        text=body,
        subject=result.draft.subject or "",
        tone=tone,
        at=when,
    )
    if as_json:
        print_json(
            {**_draft_json(result), "body": body, "sent_at": when, "state": moved.state.value}
        )
        return
    from nextround.domain.thread import STATE_WORDS

    what = f"{step.value.replace('_', '-')} by {channel.value}"
    console().print(
        f"recorded: {what} sent {fmt_when(when)}; thread #{moved.id}: {STATE_WORDS[moved.state]}"
    )
    follow = moved.follow_up_due()
    if follow is not None:
        console().print(f"no answer by {fmt_when(follow)}? `nextround next` will remind you")


def _place_draft(
    ctx: typer.Context,
    *,
    thread_id: int,
    channel: Channel,
    tone: Tone,
    sent: bool,
    to_drafts: bool,
    account: str | None,
    eml: Path | None,
    as_json: bool,
) -> None:
    """The request as an email draft in the mailbox (--to-drafts) or a file (--eml)."""
    from nextround.domain.errors import InvalidInput
    from nextround.services.mail_drafts import place_draft

    if sent:
        raise InvalidInput(
            "send the draft from your mail program first, then: nextround ask ID --sent"
        )
    if channel not in (Channel.EMAIL, Channel.CALL):  # call is only the default here
        raise InvalidInput(f"only an email draft goes to a mailbox, not a {channel.value} one")
    if to_drafts and eml is not None:
        raise InvalidInput("choose one place for the draft: --to-drafts or --eml FILE")
    st = state(ctx)
    connect = None
    if to_drafts:
        from nextround.cli.mail import passwords
        from nextround.services.mail_accounts import connector

        connect = connector(passwords(st))
    placed = place_draft(
        db=st.db,
        thread_id=thread_id,
        tone=tone,
        account_name=account,
        connect=connect,
        eml_path=eml,
        now=st.now(),
    )
    if as_json:
        print_json(
            {**_draft_json(placed.result), "placed": placed.where, "message_id": placed.header_id}
        )
        return
    _render_draft(placed.result)
    where = placed.where.split(":", 1)[1]
    console().print(
        f"draft saved: {where} (review it and send it from your mail program)",
        markup=False,
        soft_wrap=True,
    )
    console().print(f"when you have sent it: nextround ask {thread_id} --channel email --sent")


def _command(step: Step) -> str:
    return {
        "request": "ask",
        "screening": "ask",
        "follow_up": "follow-up",
        "probe": "probe",
        "pitch": "pitch",
        "thanks": "thank",
        "close": "close",
    }[step.value]


def ask(
    ctx: typer.Context,
    thread_id: ThreadArg,
    channel: ChannelOpt = Channel.CALL,
    tone: ToneOpt = Tone.WARM,
    sent: SentOpt = False,
    at: AtOpt = None,
    edited: EditedOpt = None,
    to_drafts: Annotated[
        bool,
        typer.Option(
            "--to-drafts", help="Put the email draft in your mail account's Drafts (never sent)."
        ),
    ] = False,
    account: Annotated[
        str | None, typer.Option("--account", help="With --to-drafts: which mail account.")
    ] = None,
    eml: Annotated[
        Path | None, typer.Option("--eml", help="Write the email draft to this .eml file.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Draft the feedback request for a thread, and say when to send and follow up.

    A call is the method's first choice: people say more on the phone. The
    draft thanks them, names something you discussed, accepts the decision
    and asks what to work on. --to-drafts and --eml put the email draft where
    your mail program opens it, replying to the rejection; you send it.

    \b
    Examples:
      nextround ask 1 --channel email --tone concise
      nextround ask 1 --channel call --sent
      nextround ask 1 --to-drafts
    """
    from nextround.domain.drafts import Step

    if to_drafts or eml is not None:
        _place_draft(
            ctx,
            thread_id=thread_id,
            channel=channel,
            tone=tone,
            sent=sent,
            to_drafts=to_drafts,
            account=account,
            eml=eml,
            as_json=as_json,
        )
        return
    _draft_step(
        ctx,
        step=Step.REQUEST,
        thread_id=thread_id,
        channel=channel,
        tone=tone,
        sent=sent,
        at=at,
        edited=edited,
        as_json=as_json,
    )


def _step_command(step: str, summary: str) -> Callable[..., None]:
    """A draft command for a step that needs nothing but the thread and the usual options."""

    def command(
        ctx: typer.Context,
        thread_id: ThreadArg,
        channel: ChannelOpt = Channel.EMAIL,
        tone: ToneOpt = Tone.WARM,
        sent: SentOpt = False,
        at: AtOpt = None,
        edited: EditedOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        from nextround.domain.drafts import Step

        _draft_step(
            ctx,
            step=Step(step),
            thread_id=thread_id,
            channel=channel,
            tone=tone,
            sent=sent,
            at=at,
            edited=edited,
            as_json=as_json,
        )

    command.__doc__ = summary
    command.__name__ = step
    return command


probe = _step_command(
    "probe",
    """Draft the probe after a vague answer ("which area in particular?"); two at most.

    \b
    Examples:
      nextround probe 1 --channel email --sent
    """,
)
follow_up = _step_command(
    "follow_up",
    """Draft the one friendly nudge for a question unanswered after five business days.

    \b
    Examples:
      nextround follow-up 1 --sent
    """,
)
thank = _step_command(
    "thanks",
    """Thank them for the feedback and close the thread; keep the lesson with `lesson keep`.

    \b
    Examples:
      nextround thank 1 --sent
    """,
)


def pitch(
    ctx: typer.Context,
    thread_id: ThreadArg,
    evidence: Annotated[
        str, typer.Option(help="What shows you can close the gap (a result, a course...).")
    ],
    gap: Annotated[str, typer.Option(help="The gap in your words (default: their words).")] = "",
    channel: ChannelOpt = Channel.EMAIL,
    tone: ToneOpt = Tone.WARM,
    sent: SentOpt = False,
    at: AtOpt = None,
    edited: EditedOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Pitch yourself again: address the gap they named with your evidence.

    \b
    Examples:
      nextround pitch 1 --evidence "I have since shipped a Kubernetes migration at work"
    """
    from nextround.domain.drafts import Step

    _draft_step(
        ctx,
        step=Step.PITCH,
        thread_id=thread_id,
        channel=channel,
        tone=tone,
        sent=sent,
        at=at,
        edited=edited,
        as_json=as_json,
        gap=gap,
        evidence=evidence,
    )


def close(
    ctx: typer.Context,
    thread_id: ThreadArg,
    channel: ChannelOpt = Channel.EMAIL,
    tone: ToneOpt = Tone.WARM,
    sent: SentOpt = False,
    at: AtOpt = None,
    edited: EditedOpt = None,
    without_note: Annotated[
        bool, typer.Option("--without-note", help="After a refusal: close it, send nothing.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Close a thread: not worth asking, a gracious note after a refusal, or no response.

    \b
    Examples:
      nextround close 3            (not asked yet: not worth asking, close it)
      nextround close 4            (they declined: drafts a gracious close)
      nextround close 4 --sent     (records the close you sent; the thread is closed)
      nextround close 6            (the follow-up went unanswered: closes it)
    """
    from nextround.domain.drafts import Step
    from nextround.domain.thread import ThreadState
    from nextround.services import feedback

    st = state(ctx)
    current, _ = feedback.show_thread(db=st.db, thread_id=thread_id)
    if current.state is ThreadState.DECLINED and not without_note:
        _draft_step(
            ctx,
            step=Step.CLOSE,
            thread_id=thread_id,
            channel=channel,
            tone=tone,
            sent=sent,
            at=at,
            edited=edited,
            as_json=as_json,
        )
        return
    closed = feedback.close_thread(
        db=st.db, thread_id=thread_id, at=parse_when(at, now=st.now(), what="--at", happened=True)
    )
    if as_json:
        print_json({"thread_id": closed.id, "state": closed.state.value})
    else:
        typer.echo(f"thread #{closed.id} closed: {closed.closed_because()}")


def answer(
    ctx: typer.Context,
    thread_id: ThreadArg,
    outcome: Annotated[
        str,
        typer.Argument(
            metavar="reconsidered|not-now",
            help="reconsidered: an interview or a new role; not-now: thank them and close.",
        ),
    ],
    text: Annotated[str | None, typer.Argument(help="What they said, or - for stdin.")] = None,
    file: Annotated[Path | None, typer.Option(help="Read what they said from this file.")] = None,
    channel: Annotated[Channel, typer.Option(help="How it came.")] = Channel.EMAIL,
    at: AtOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Log their answer to your pitch: they reconsidered, or not now.

    \b
    Examples:
      nextround answer 1 reconsidered "Could you come in for the platform role next week?"
      nextround answer 1 not-now "We'll keep your details on file."
    """
    from nextround.domain.errors import InvalidInput
    from nextround.services import feedback

    try:
        chosen = feedback.PitchAnswer(outcome.strip().lower().replace("-", "_"))
    except ValueError:
        raise InvalidInput(
            f"{outcome!r}: say reconsidered (an interview or a new role) or not-now"
        ) from None
    st = state(ctx)
    now = st.now()
    said = read_input(text, file, what="their answer") if (text or file) else ""
    moved = feedback.log_pitch_answer(
        db=st.db,
        thread_id=thread_id,
        answer=chosen,
        text=said,
        channel=channel,
        at=parse_when(at, now=now, what="--at"),
    )
    if as_json:
        print_json({"thread_id": moved.id, "state": moved.state.value})
        return
    out = console()
    if chosen is feedback.PitchAnswer.RECONSIDERED:
        app = moved.application_id
        out.print(
            f"thread #{moved.id}: they reconsidered. Application #{app} is interviewing again.\n"
            f"next: record the interview: nextround interview add {app} --stage ... --when ...\n"
            '      or, for a different role: nextround app add "Company" "Role"',
            markup=False,
        )
        return
    out.print(
        f"thread #{moved.id}: not now. Your lessons stay kept.\n"
        f"next: thank them and close: nextround thank {moved.id} --sent",
        markup=False,
    )


def reply(
    ctx: typer.Context,
    thread_id: ThreadArg,
    text: Annotated[str | None, typer.Argument(help="What they said, or - for stdin.")] = None,
    file: Annotated[Path | None, typer.Option(help="Read the reply from this file.")] = None,
    channel: Annotated[
        Channel, typer.Option(help="How it came: email, call (your notes), linkedin, voicemail.")
    ] = Channel.EMAIL,
    at: AtOpt = None,
    as_: Annotated[
        ReplyCategory | None,
        typer.Option("--as", help="Overrule the judgement: actionable, generic or declined."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Log what the interviewer said; it is judged and the thread moves on.

    \b
    Examples:
      nextround reply 1 "Honestly, your system design answer stayed too high-level."
      nextround reply 1 --channel call --file call-notes.txt
    """
    from nextround.cli.common import judge
    from nextround.services import feedback

    st = state(ctx)
    now = st.now()
    body = read_input(text, file, what="reply")
    outcome = feedback.log_reply(
        db=st.db,
        judge=judge(st),
        thread_id=thread_id,
        text=body,
        channel=channel,
        at=parse_when(at, now=now, what="--at", happened=True),
        category=as_,
    )
    if as_json:
        print_json(
            {
                "thread_id": outcome.thread.id,
                "message_id": outcome.message.id,
                "state": outcome.thread.state.value,
                "judgement": outcome.message.analysis,
                "correction": outcome.message.correction,
                "implied_request": outcome.implied_request,
                "next_drafts": [_plain_draft(d) for d in outcome.next_drafts],
            }
        )
        return
    _render_reply(outcome)


def sure_words(confidence: float) -> str:
    """A judgement's confidence as a word and its figure: "likely, 82%"."""
    return f"{certainty(confidence).words}, {confidence:.0%}"


def _plain_draft(d: Draft) -> dict[str, object]:
    return {"step": d.step.value, "channel": d.channel.value, "subject": d.subject, "body": d.body}


def _render_reply(outcome: ReplyOutcome) -> None:
    out = console()
    j = outcome.judgement
    category = (outcome.message.correction or {}).get("category", j.category.value)
    out.print(f"[bold]Judged {esc(category)}[/bold] ({sure_words(j.confidence)})", markup=True)
    if needs_check(j.confidence) and not outcome.message.correction:
        out.print(
            f"  the judge is not sure: if this is wrong, correct it with "
            f"`nextround correct {outcome.message.id} --category actionable|generic|declined`",
            markup=False,
        )
    if j.themes:
        out.print(f"  themes: {', '.join(t.value for t in j.themes)}")
    for sentence in j.evidence:
        out.print(f"  evidence: “{sentence}”", markup=False)
    from nextround.domain.thread import STATE_WORDS, Event

    tid = outcome.thread.id
    out.print(f"  thread #{tid}: {STATE_WORDS[outcome.thread.state]}")
    for d in outcome.next_drafts:
        out.rule(f"suggested {d.step.value.replace('_', '-')} · {d.channel.value}")
        if d.subject:
            out.print(f"Subject: {d.subject}\n", markup=False)
        out.print(d.body, markup=False)
        out.rule()
    if outcome.implied_request:
        out.print(
            "  you had not recorded asking them, so the request is taken as made when they "
            "answered (a call, say)",
            markup=False,
        )
    thread = outcome.thread
    if thread.state.value == "generic":
        if thread.can(Event.PROBE_SENT):
            out.print(f"next: nextround probe {tid} --sent   (or: nextround thank {tid})")
        else:
            out.print(
                f"next: {thread.probes_sent} probes sent, enough asking: "
                f"thank them and keep what you learned: nextround thank {tid} --sent"
            )
    elif thread.state.value == "actionable":
        out.print(
            f"next: keep the lesson: nextround lesson keep {outcome.message.id}\n"
            f'      then pitch again: nextround pitch {tid} --evidence "..."\n'
            f"      or thank them:    nextround thank {tid} --sent"
        )
    elif thread.state.value == "declined":
        out.print(
            f"next: nextround close {tid} --sent   (a gracious close, then move on)\n"
            f"      or close it without a note: nextround close {tid} --without-note"
        )


def thread(
    ctx: typer.Context,
    thread_id: ThreadArg,
    as_json: JsonOpt = False,
) -> None:
    """Show a feedback thread as a timeline: every step with its time.

    \b
    Examples:
      nextround thread 1
    """
    from nextround.services import feedback

    current, messages = feedback.show_thread(db=state(ctx).db, thread_id=thread_id)
    if as_json:
        print_json(
            {
                "id": current.id,
                "application_id": current.application_id,
                "state": current.state.value,
                "after_interview": current.after_interview,
                "rejected_at": current.rejected_at,
                "send_by": current.send_by(),
                "probes_sent": current.probes_sent,
                "follow_ups_sent": current.follow_ups_sent,
                "transitions": [
                    {
                        "event": t.event,
                        "from": t.from_state,
                        "to": t.to_state,
                        "at": t.at,
                        "message_id": t.message_id,
                        "note": t.note,
                    }
                    for t in current.transitions
                ],
                "messages": [
                    {
                        "id": m.id,
                        "kind": m.kind.value,
                        "direction": m.direction.value,
                        "channel": m.channel.value,
                        "at": m.at,
                        "text": m.text,
                    }
                    for m in messages
                ],
            }
        )
        return
    from nextround.domain.thread import STATE_WORDS

    out = console()
    out.print(f"[bold]thread #{current.id}[/bold] — {esc(STATE_WORDS[current.state])}", markup=True)
    out.print(f"  {fmt_when(current.rejected_at)}  rejected{_msg(current.rejection_message_id)}")
    for t in current.transitions:
        note = f"  ({t.note})" if t.note else ""
        out.print(
            f"  {fmt_when(t.at)}  {t.event.replace('_', ' ')} → {t.to_state}"
            f"{_msg(t.message_id)}{note}",
            markup=False,
        )
    if any(m.kind.value == "reply" for m in messages):
        out.print("  (keep a reply's lessons with: nextround lesson keep MESSAGE_ID)")


def _msg(message_id: int | None) -> str:
    return f"  [message #{message_id}]" if message_id is not None else ""


def threads(
    ctx: typer.Context,
    open_only: Annotated[bool, typer.Option("--open", help="Only threads still going.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """List feedback threads.

    \b
    Examples:
      nextround threads --open
    """
    from nextround.services import feedback

    db = state(ctx).db
    rows = feedback.list_threads(db=db, open_only=open_only)
    apps = feedback.applications_of(db=db, threads=rows)
    if as_json:
        print_json(
            [
                {
                    "id": t.id,
                    "application_id": t.application_id,
                    "company": apps[t.application_id].company,
                    "role": apps[t.application_id].role,
                    "state": t.state.value,
                    "rejected_at": t.rejected_at,
                }
                for t in rows
            ]
        )
        return
    if not rows:
        typer.echo("no feedback threads: record a rejection with nextround reject")
        return
    table = TableOut("thread", "app", "company", "state", "rejected", "probes", "follow-ups")
    for t in rows:
        table.add_row(
            str(t.id),
            str(t.application_id),
            apps[t.application_id].company,
            t.state.value,
            fmt_when(t.rejected_at),
            str(t.probes_sent),
            str(t.follow_ups_sent),
        )
    table.print()
