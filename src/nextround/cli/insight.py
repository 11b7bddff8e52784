"""Commands that look back and ahead: lessons, profile, brief, next."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from nextround.cli.common import console, created, fmt_when, print_json, state
from nextround.domain.model import LessonStatus, Polarity

if TYPE_CHECKING:
    from datetime import datetime

    from nextround.domain.agenda import Action
    from nextround.domain.model import Lesson

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]

lessons = typer.Typer(
    help="Lessons: feedback turned into something to practise.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(lessons, name="lesson")
    app.command("profile")(profile)
    app.command("brief")(brief)
    app.command("next")(next_)


def _lesson_json(lesson: Lesson) -> dict[str, object]:
    return {
        "id": lesson.id,
        "theme": lesson.theme.value,
        "polarity": lesson.polarity.value,
        "statement": lesson.statement,
        "status": lesson.status.value,
        "evidence": lesson.evidence,
        "application_id": lesson.application_id,
        "message_id": lesson.message_id,
        "actions": lesson.actions,
        "created_at": lesson.created_at,
    }


@lessons.command("keep")
def lesson_keep(
    ctx: typer.Context,
    message_id: Annotated[int, typer.Argument(help="The reply's message id (shown by `reply`).")],
    theme: Annotated[str | None, typer.Option(help="Keep one lesson on this theme.")] = None,
    polarity: Annotated[Polarity | None, typer.Option(help="strength or weakness.")] = None,
    statement: Annotated[str | None, typer.Option(help="The lesson in your words.")] = None,
    evidence: Annotated[str | None, typer.Option(help="The words quoted from the reply.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Keep the lessons a reply carries (one per theme), edited as you like; prints ids.

    \b
    Examples:
      nextround lesson keep 7
      nextround lesson keep 7 --theme communication --statement "Lead with the result"
    """
    from nextround.domain.themes import parse_theme
    from nextround.services import learn

    st = state(ctx)
    kept = learn.keep_lessons_from_reply(
        db=st.db,
        message_id=message_id,
        theme=parse_theme(theme) if theme else None,
        polarity=polarity,
        statement=statement,
        evidence=evidence,
        now=st.now(),
    )
    if as_json:
        print_json([_lesson_json(lesson) for lesson in kept])
        return
    for lesson in kept:
        created(f"{lesson.polarity.value} lesson on {lesson.theme.value}", lesson.id)


@lessons.command("add")
def lesson_add(
    ctx: typer.Context,
    theme: Annotated[str, typer.Option(help="One of the ten themes, e.g. communication.")],
    statement: Annotated[str, typer.Option(help="The lesson in your words.")],
    polarity: Annotated[Polarity, typer.Option(help="strength or weakness.")] = Polarity.WEAKNESS,
    evidence: Annotated[str, typer.Option(help="Where it came from, quoted.")] = "",
    application_id: Annotated[int | None, typer.Option("--app", help="Application id.")] = None,
    action: Annotated[
        list[str] | None, typer.Option(metavar="TEXT", help="A practice action (repeat).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a lesson by hand (a strength you were told about, say); prints its id.

    \b
    Examples:
      nextround lesson add --theme communication --polarity strength
        --statement "Clear, calm answers"
    """
    from nextround.domain.themes import parse_theme
    from nextround.services import learn

    st = state(ctx)
    lesson = learn.add_lesson(
        db=st.db,
        theme=parse_theme(theme),
        polarity=polarity,
        statement=statement,
        evidence=evidence,
        application_id=application_id,
        actions=action or [],
        now=st.now(),
    )
    created("lesson", lesson.id, as_json=as_json)


@lessons.command("edit")
def lesson_edit(
    ctx: typer.Context,
    lesson_id: Annotated[int, typer.Argument(help="Lesson id.")],
    status: Annotated[
        LessonStatus | None, typer.Option(help="open, practising, addressed.")
    ] = None,
    theme: Annotated[str | None, typer.Option(help="Move it to another theme.")] = None,
    polarity: Annotated[Polarity | None, typer.Option(help="strength or weakness.")] = None,
    statement: Annotated[str | None, typer.Option(help="Reword it.")] = None,
    action: Annotated[
        list[str] | None, typer.Option(metavar="TEXT", help="Add a practice action (repeat).")
    ] = None,
) -> None:
    """Edit a lesson or move it along: open → practising → addressed.

    \b
    Examples:
      nextround lesson edit 2 --status practising --action "Mock system design weekly"
    """
    from nextround.domain.themes import parse_theme
    from nextround.services import learn

    lesson = learn.edit_lesson(
        db=state(ctx).db,
        lesson_id=lesson_id,
        status=status,
        theme=parse_theme(theme) if theme else None,
        polarity=polarity,
        statement=statement,
        add_actions=action or [],
    )
    typer.echo(f"lesson #{lesson.id}: {lesson.theme.value}, {lesson.status.value}")


@lessons.command("rm")
def lesson_rm(
    ctx: typer.Context, lesson_id: Annotated[int, typer.Argument(help="Lesson id.")]
) -> None:
    """Delete a lesson.

    \b
    Examples:
      nextround lesson rm 5
    """
    from nextround.services import learn

    learn.delete_lesson(db=state(ctx).db, lesson_id=lesson_id)
    typer.echo(f"lesson #{lesson_id} deleted")


@lessons.command("list")
def lesson_list(
    ctx: typer.Context,
    status: Annotated[LessonStatus | None, typer.Option(help="Only this status.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List lessons.

    \b
    Examples:
      nextround lesson list --status open
    """
    from rich.table import Table

    from nextround.services import learn

    rows = learn.list_lessons(db=state(ctx).db, status=status)
    if as_json:
        print_json([_lesson_json(lesson) for lesson in rows])
        return
    if not rows:
        typer.echo("no lessons yet: keep one from a reply with nextround lesson keep MESSAGE_ID")
        return
    table = Table("id", "theme", "polarity", "status", "statement")
    for lesson in rows:
        table.add_row(
            str(lesson.id),
            lesson.theme.value,
            lesson.polarity.value,
            lesson.status.value,
            lesson.statement,
        )
    console().print(table)


def profile(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Strengths and weaknesses per theme, blind spots, and which channels get answers.

    A blind spot is a theme interviewers raised as a weakness while you rated
    yourself 4 or 5 on it.

    \b
    Examples:
      nextround profile
    """
    from nextround.services.insights import profile as build

    p = build(db=state(ctx).db)
    if as_json:
        print_json(
            {
                "themes": [
                    {
                        "theme": s.theme.value,
                        "strengths": s.strengths,
                        "weaknesses": s.weaknesses,
                        "open_weaknesses": s.open_weaknesses,
                        "self_rating": s.self_rating,
                        "evidence": s.evidence,
                    }
                    for s in p.themes
                ],
                "blind_spots": [s.theme.value for s in p.blind_spots],
                "channels": [
                    {
                        "channel": c.channel,
                        "asked": c.asked,
                        "answered": c.answered,
                        "rate": round(c.rate, 3),
                    }
                    for c in p.channels
                ],
            }
        )
        return
    _render_profile(p)


def _render_profile(p: object) -> None:
    from rich.table import Table

    from nextround.domain.insights import Profile

    assert isinstance(p, Profile)
    out = console()
    if not p.themes:
        out.print("no lessons yet: feedback you keep with `nextround lesson keep` shows up here")
        return
    table = Table("theme", "strengths", "weaknesses", "still open", "your rating")
    for s in p.themes:
        rating = f"{s.self_rating:.1f}/5" if s.self_rating is not None else "-"
        table.add_row(
            s.theme.value, str(s.strengths), str(s.weaknesses), str(s.open_weaknesses), rating
        )
    out.print(table)
    out.print("[bold]What interviewers said[/bold]")
    for s in p.themes:
        for quote in s.evidence[:2]:
            short = quote if len(quote) <= 110 else quote[:109].rstrip() + "…"
            out.print(f"  {s.theme.value}: “{short}”", markup=False)
    if p.blind_spots:
        out.print("[bold]Blind spots[/bold] (you rated yourself strong; interviewers did not):")
        for s in p.blind_spots:
            out.print(
                f"  • {s.theme.value}: your rating {s.self_rating:.1f}/5, "
                f"raised as a weakness {s.weaknesses}×"
            )
    if p.channels:
        out.print("[bold]What gets answers[/bold]")
    for c in p.channels:
        out.print(f"  {c.channel}: {c.answered}/{c.asked} requests answered ({c.rate:.0%})")


def brief(
    ctx: typer.Context,
    interview_id: Annotated[int | None, typer.Argument(help="The upcoming interview's id.")] = None,
    application_id: Annotated[
        int | None, typer.Option("--app", help="Or an application id.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """The brief before an interview: lessons to apply, strengths, what they said before.

    \b
    Examples:
      nextround brief 12
    """
    from nextround.services.insights import brief as build

    b = build(db=state(ctx).db, interview_id=interview_id, application_id=application_id)
    if as_json:
        print_json(
            {
                "application_id": b.application.id,
                "company": b.application.company,
                "role": b.application.role,
                "interview": None
                if b.interview is None
                else {"id": b.interview.id, "stage": b.interview.stage, "when": b.interview.when},
                "interviewers": list(b.interviewers),
                "apply": [_lesson_json(lesson) for lesson in b.to_apply],
                "strengths": [_lesson_json(lesson) for lesson in b.strengths],
                "company_said": [
                    {"at": m.at, "kind": m.kind.value, "text": m.text} for m in b.company_said
                ],
                "earlier_talking_points": list(b.earlier_talking_points),
            }
        )
        return
    out = console()
    a = b.application
    out.rule(f"Brief: {a.company} — {a.role}")
    if b.interview is not None:
        people = f" with {', '.join(b.interviewers)}" if b.interviewers else ""
        out.print(f"{b.interview.stage}, {fmt_when(b.interview.when)}{people}")
    out.print("\n[bold]Apply what you learned[/bold]")
    if not b.to_apply:
        out.print("  nothing open: no weaknesses recorded yet")
    for lesson in b.to_apply[:8]:
        out.print(
            f"  • [{lesson.theme.value}] {lesson.statement} ({lesson.status.value})", markup=False
        )
        for act in lesson.actions:
            out.print(f"      - {act}", markup=False)
    out.print("\n[bold]Lean on your strengths[/bold]")
    if not b.strengths:
        out.print(
            "  none recorded yet: add what interviewers praised "
            "with `lesson add --polarity strength`"
        )
    for lesson in b.strengths[:6]:
        out.print(f"  • [{lesson.theme.value}] {lesson.statement}", markup=False)
    out.print(f"\n[bold]What {a.company} said before[/bold]")
    if not b.company_said:
        out.print("  nothing on record")
    for m in b.company_said[-4:]:
        first = " ".join(m.text.split())[:160]
        out.print(f"  {fmt_when(m.at)} ({m.kind.value}): {first}", markup=False)
    if b.earlier_talking_points:
        out.print("\n[bold]You discussed before[/bold]")
        for point in b.earlier_talking_points:
            out.print(f"  • {point}", markup=False)
    out.rule()


def next_(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="Show at most this many items (0: all).")] = 20,
    as_json: JsonOpt = False,
) -> None:
    """What to do now: requests due, follow-ups, probes, decisions, briefs; soonest first.

    \b
    Examples:
      nextround next
    """
    from nextround.services.insights import whats_next

    st = state(ctx)
    now = st.now()
    actions = whats_next(db=st.db, now=now)
    if as_json:
        print_json(
            [
                {
                    "kind": a.kind.value,
                    "due": a.due,
                    "overdue": a.overdue(now),
                    "urgency": a.urgency(now).value,
                    "application_id": a.application_id,
                    "company": a.company,
                    "role": a.role,
                    "summary": a.summary,
                    "command": a.command,
                    "thread_id": a.thread_id,
                    "interview_id": a.interview_id,
                    "optional": a.optional,
                }
                for a in actions
            ]
        )
        return
    out = console()
    if not actions:
        out.print("nothing due. Record an interview or a rejection when one happens.")
        return
    from rich.markup import escape

    lines = []
    shown_actions = actions[:limit] if limit > 0 else actions
    for a in shown_actions:
        shown = _due_words(a, now)
        optional = " (optional)" if a.optional else ""
        lines.append(
            f"[bold]{a.kind.value}[/bold]  {escape(a.company)} — {escape(a.role)}{optional}"
            f"  · {shown}\n    {escape(a.summary)}\n    $ {escape(a.command)}"
        )
    if len(shown_actions) < len(actions):
        lines.append(f"… and {len(actions) - len(shown_actions)} more: nextround next --limit 0")
    out.print("\n".join(lines))


def _due_words(action: Action, now: datetime) -> str:
    """The due time said honestly: overdue, due today, soon, or just the date."""
    from nextround.domain.agenda import ActionKind, Urgency

    when = fmt_when(action.due)
    if action.kind is ActionKind.BRIEF:
        return f"interview {when}"
    words = {
        Urgency.OVERDUE: f"[red]overdue[/red] since {when}",
        Urgency.DUE: f"[yellow]due today[/yellow] by {when}",
        Urgency.SOON: f"soon: by {when}",
        Urgency.LATER: f"by {when}",
    }
    return words[action.urgency(now)]
