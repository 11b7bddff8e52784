"""Commands that look back and ahead: lessons, profile, brief, next."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from nextround.cli.common import (
    MAX_ID,
    TableOut,
    console,
    created,
    esc,
    fmt_when,
    on_terminal,
    print_json,
    state,
)
from nextround.domain.model import LessonStatus, Polarity

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    import nextround.services.learn as learn_types
    from nextround.domain.agenda import Action
    from nextround.domain.model import Lesson
    from nextround.domain.themes import Theme

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
        "raised_by": lesson.raised_by,
        "last_raised": lesson.last_raised,
    }


@lessons.command("keep")
def lesson_keep(
    ctx: typer.Context,
    message_id: Annotated[
        int, typer.Argument(min=1, max=MAX_ID, help="The reply's message id (see `thread`).")
    ],
    save: Annotated[
        bool, typer.Option("--save", help="Save the points (without it: review only).")
    ] = False,
    drop: Annotated[
        list[int] | None, typer.Option(metavar="N", help="Leave point N out (repeat).")
    ] = None,
    point: Annotated[
        int | None, typer.Option(metavar="N", help="Keep only point N, with the edits below.")
    ] = None,
    theme: Annotated[str | None, typer.Option(help="The point's theme, as you see it.")] = None,
    polarity: Annotated[Polarity | None, typer.Option(help="strength or weakness.")] = None,
    statement: Annotated[str | None, typer.Option(help="The lesson in your words.")] = None,
    evidence: Annotated[str | None, typer.Option(help="The words quoted from the reply.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Review the lessons a reply carries, one per feedback point; --save keeps them.

    Nothing is saved until you say --save. A point you kept before (another
    interviewer said the same) is strengthened, not duplicated.

    \b
    Examples:
      nextround lesson keep 7                        (review the points)
      nextround lesson keep 7 --save --drop 2        (keep all but point 2)
      nextround lesson keep 7 --save --point 1 --statement "Lead with the result"
    """
    from nextround.domain.themes import parse_theme
    from nextround.services import learn

    st = state(ctx)
    proposed = learn.review_reply(db=st.db, message_id=message_id)
    chosen_theme = parse_theme(theme) if theme else None
    choices = _choices(proposed, drop or [], point, chosen_theme, polarity, statement, evidence)
    if not save:
        _show_points(message_id, proposed, choices, as_json=as_json)
        return
    kept = learn.keep_points(db=st.db, message_id=message_id, choices=choices, now=st.now())
    if as_json:
        print_json([_lesson_json(k.lesson) for k in kept])
        return
    from nextround.domain.lessons import raised_words

    for k in kept:
        what = f"{k.lesson.polarity.value} lesson on {k.lesson.theme.label}"
        if k.strengthened:
            console(err=True).print(
                f"strengthened {what}: {raised_words(k.lesson) or 'raised again'}", markup=False
            )
            typer.echo(str(k.lesson.id))
        else:
            created(what, k.lesson.id)


def _choices(
    proposed: list[learn_types.ProposedPoint],
    drop: list[int],
    point: int | None,
    theme: Theme | None,
    polarity: Polarity | None,
    statement: str | None,
    evidence: str | None,
) -> list[learn_types.PointChoice] | None:
    """Which points to keep, with which edits; None keeps all as proposed."""
    from nextround.domain.errors import InvalidInput
    from nextround.services.learn import PointChoice

    numbers = [p.number for p in proposed]
    for n in [*drop, *([point] if point else [])]:
        if n not in numbers:
            raise InvalidInput(f"there is no point {n}; this reply has {len(numbers)}")
    edited = any(v is not None for v in (theme, polarity, statement, evidence))
    if point is None and edited:
        if theme is not None and not statement:  # the point on that theme, or a new one
            point = next((p.number for p in proposed if p.point.theme is theme), 0)
        elif len(numbers) == 1:
            point = numbers[0]
        else:
            raise InvalidInput("this reply has several points: say which to edit with --point N")
    if point is not None:
        return [
            PointChoice(
                number=point,
                theme=theme,
                polarity=polarity,
                statement=statement,
                evidence=evidence,
            )
        ]
    if not drop:
        return None
    return [PointChoice(number=n) for n in numbers if n not in drop]


def _show_points(
    message_id: int,
    proposed: list[learn_types.ProposedPoint],
    choices: list[learn_types.PointChoice] | None,
    *,
    as_json: bool,
) -> None:
    keep = {c.number for c in choices} if choices is not None else {p.number for p in proposed}
    if as_json:
        print_json(
            {
                "message_id": message_id,
                "saved": False,
                "points": [
                    {
                        "number": p.number,
                        "theme": p.point.theme.value,
                        "themes": [t.value for t in p.point.themes],
                        "polarity": p.point.polarity.value,
                        "statement": p.point.statement,
                        "evidence": list(p.point.evidence),
                        "kept_before": p.existing.id if p.existing else None,
                        "keep": p.number in keep,
                    }
                    for p in proposed
                ],
            }
        )
        return
    out = console()
    if not proposed:
        out.print(
            f"reply #{message_id} names no concrete point. To keep one anyway: "
            f"nextround lesson keep {message_id} --save --theme THEME --statement TEXT",
            markup=False,
        )
        return
    out.print(f"The points in reply #{message_id} (nothing is saved yet):", markup=False)
    for p in proposed:
        mark = "" if p.number in keep else "  (dropped)"
        out.print(
            f"  {p.number}. {p.point.polarity.value} · {p.point.theme.label}{mark}\n"
            f"     {p.point.statement}\n"
            f"     they said: “{p.point.quote}”",
            markup=False,
        )
        if p.existing is not None:
            out.print(
                f"     you kept this point before (lesson #{p.existing.id}): saving strengthens it",
                markup=False,
            )
    out.print(
        f"keep them: nextround lesson keep {message_id} --save"
        + "".join(f" --drop {n}" for n in sorted({p.number for p in proposed} - keep))
        + f"\nedit one:  nextround lesson keep {message_id} --save --point N "
        '--statement "..." --theme THEME',
        markup=False,
    )


@lessons.command("add")
def lesson_add(
    ctx: typer.Context,
    theme: Annotated[str, typer.Option(help="One of the ten themes, e.g. communication.")],
    statement: Annotated[str, typer.Option(help="The lesson in your words.")],
    polarity: Annotated[Polarity, typer.Option(help="strength or weakness.")] = Polarity.WEAKNESS,
    evidence: Annotated[str, typer.Option(help="Where it came from, quoted.")] = "",
    application_id: Annotated[
        int | None, typer.Option("--app", min=1, max=MAX_ID, help="Application id.")
    ] = None,
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
    lesson_id: Annotated[int, typer.Argument(min=1, max=MAX_ID, help="Lesson id.")],
    status: Annotated[
        LessonStatus | None, typer.Option(help="A weakness: open, practising or resolved.")
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
    ctx: typer.Context,
    lesson_id: Annotated[int, typer.Argument(min=1, max=MAX_ID, help="Lesson id.")],
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
    from nextround.services import learn

    rows = learn.list_lessons(db=state(ctx).db, status=status)
    if as_json:
        print_json([_lesson_json(lesson) for lesson in rows])
        return
    if not rows:
        typer.echo("no lessons yet: keep one from a reply with nextround lesson keep MESSAGE_ID")
        return
    from nextround.domain.lessons import raised_words

    table = TableOut("id", "theme", "kind", "status", "statement", "raised")
    for lesson in rows:
        table.add_row(
            str(lesson.id),
            lesson.theme.label,
            lesson.polarity.value,
            lesson.status.value,
            lesson.statement,
            raised_words(lesson) or "once",
        )
    table.print()


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
    from nextround.domain.insights import Profile

    assert isinstance(p, Profile)
    out = console()
    if not p.themes:
        out.print("no lessons yet: feedback you keep with `nextround lesson keep` shows up here")
        return
    table = TableOut("theme", "strengths", "weaknesses", "still open", "your rating")
    for s in p.themes:
        rating = f"{s.self_rating:.1f}/5" if s.self_rating is not None else "-"
        table.add_row(
            s.theme.value, str(s.strengths), str(s.weaknesses), str(s.open_weaknesses), rating
        )
    table.print()
    out.print("[bold]What interviewers said[/bold]", markup=True)
    for s in p.themes:
        for quote in s.evidence[:2]:
            short = quote if len(quote) <= 110 else quote[:109].rstrip() + "…"
            out.print(f"  {s.theme.value}: “{short}”", markup=False)
    if p.blind_spots:
        out.print(
            "[bold]Blind spots[/bold] (you rated yourself strong; interviewers did not):",
            markup=True,
        )
        for s in p.blind_spots:
            out.print(
                f"  • {s.theme.value}: your rating {s.self_rating:.1f}/5, "
                f"raised as a weakness {s.weaknesses}×"
            )
    if p.channels:
        out.print("[bold]What gets answers[/bold]", markup=True)
    for c in p.channels:
        out.print(f"  {c.channel}: {c.answered}/{c.asked} requests answered ({c.rate:.0%})")


def brief(
    ctx: typer.Context,
    interview_id: Annotated[
        int | None, typer.Argument(min=1, max=MAX_ID, help="The upcoming interview's id.")
    ] = None,
    application_id: Annotated[
        int | None, typer.Option("--app", min=1, max=MAX_ID, help="Or an application id.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """The brief before an interview: lessons to apply, strengths, what they said before.

    \b
    Examples:
      nextround brief 12
    """
    from nextround.domain.lessons import raised_words
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
                "talking_points": list(b.talking_points),
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
    if b.talking_points:
        out.print("\n[bold]What you plan to talk about[/bold]", markup=True)
        for point in b.talking_points:
            out.print(f"  • {point}", markup=False)
    out.print("\n[bold]Apply what you learned[/bold]", markup=True)
    if not b.to_apply:
        out.print("  nothing open: no weaknesses recorded yet")
    for lesson in b.to_apply[:8]:
        raised = raised_words(lesson)
        extra = f"; {raised}" if raised else ""
        out.print(
            f"  • [{lesson.theme.label}] {lesson.statement} ({lesson.status.value}{extra})",
            markup=False,
        )
        for act in lesson.actions:
            out.print(f"      - {act}", markup=False)
    out.print("\n[bold]Lean on your strengths[/bold]", markup=True)
    if not b.strengths:
        out.print(
            "  none recorded yet: add what interviewers praised "
            "with `lesson add --polarity strength`"
        )
    for lesson in b.strengths[:6]:
        out.print(f"  • [{lesson.theme.label}] {lesson.statement}", markup=False)
    out.print(f"\n[bold]What {esc(a.company)} said before[/bold]", markup=True)
    if not b.company_said:
        out.print("  nothing on record")
    for m in b.company_said[-4:]:
        first = " ".join(m.text.split())[:160]
        out.print(f"  {fmt_when(m.at)} ({m.kind.value}): {first}", markup=False)
    if b.earlier_talking_points:
        out.print("\n[bold]You discussed before[/bold]", markup=True)
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
    actions = whats_next(db=st.reads(), now=now)
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
    if not actions:
        typer.echo("nothing due. Record an interview or a rejection when one happens.")
        return
    # Rich only on a terminal (for the colours); to a pipe or file, the same text plain
    markup = on_terminal()
    escape: Callable[[object], str] = esc if markup else str

    lines = []
    shown_actions = actions[:limit] if limit > 0 else actions
    for a in shown_actions:
        shown = _due_words(a, now, markup=markup)
        optional = " (optional)" if a.optional else ""
        kind = f"[bold]{a.kind.value}[/bold]" if markup else a.kind.value
        lines.append(
            f"{kind}  {escape(a.company)} — {escape(a.role)}{optional}"
            f"  · {shown}\n    {escape(a.summary)}\n    $ {escape(a.command)}"
        )
    if len(shown_actions) < len(actions):
        lines.append(f"… and {len(actions) - len(shown_actions)} more: nextround next --limit 0")
    if markup:
        console().print("\n".join(lines), markup=True)
    else:
        typer.echo("\n".join(lines))


def _due_words(action: Action, now: datetime, *, markup: bool = True) -> str:
    """The due time said honestly: overdue, due today, soon, or just the date."""
    from nextround.domain.agenda import ActionKind, Urgency

    when = fmt_when(action.due)
    if action.kind is ActionKind.BRIEF:
        return f"interview {when}"
    overdue, today = (
        ("[red]overdue[/red]", "[yellow]due today[/yellow]")
        if markup
        else (
            "overdue",
            "due today",
        )
    )
    words = {
        Urgency.OVERDUE: f"{overdue} since {when}",
        Urgency.DUE: f"{today} by {when}",
        Urgency.SOON: f"soon: by {when}",
        Urgency.LATER: f"by {when}",
    }
    return words[action.urgency(now)]
