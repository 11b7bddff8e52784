"""`nextround stats`: your numbers, in the terminal or as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from nextround.cli.common import TableOut, console, parse_when, print_json, state

if TYPE_CHECKING:
    from nextround.domain.stats import AnswerGroup


def register(app: typer.Typer) -> None:
    app.command("stats")(stats)


def stats(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    since: Annotated[
        str | None,
        typer.Option(help="Count only what happened on or after this day (YYYY-MM-DD)."),
    ] = None,
) -> None:
    """Your numbers: the funnel, what gets answers, the themes raised, weekly activity.

    Answer rates are given by channel, by tone and by how soon after the
    rejection you asked. Fewer than 5 requests behind a figure are shown as
    counts ("2 of 3, too few to compare"): a percentage would say more than
    they can. The same figures, with charts, are on the Progress page of
    `nextround serve`.

    \b
    Examples:
      nextround stats
      nextround stats --since 2026-09-01 --json
    """
    from nextround.domain.stats import (
        answer_reading,
        funnel_reading,
        stats_dict,
        themes_reading,
        weekly_reading,
    )
    from nextround.services.stats import stats as compute

    st = state(ctx)
    day = parse_when(since, now=st.now(), what="--since").date() if since else None
    result = compute(db=st.db, since=day)
    if as_json:
        print_json(stats_dict(result))
        return
    out = console()
    f = result.funnel
    out.rule(f"Your numbers{f' since {day:%Y-%m-%d}' if day else ''}")
    table = TableOut("step", "count")
    for label, value in (
        ("applications", f.applications),
        ("applications with an interview", f.applications_interviewed),
        ("interviews", f.interviews),
        ("rejected at screening", f.rejected_at_screening),
        ("rejected after an interview", f.rejected_after_interview),
        ("feedback asked", f.feedback_asked),
        ("answered", f.answered),
        ("concrete feedback", f.concrete),
        ("lessons kept", f.lessons_kept),
        ("pitched again", f.pitches),
        ("interview or offer after a pitch", f.interview_or_offer_after_pitch),
    ):
        table.add_row(label, str(value))
    table.print()
    out.print(funnel_reading(f), markup=False)
    for title, groups in (
        ("By channel", result.by_channel),
        ("By tone", result.by_tone),
        ("By how soon you asked", result.by_delay),
    ):
        out.print(f"\n[bold]{title}[/bold]", markup=True)
        _answers(groups)
        out.print(answer_reading(groups), markup=False)
    out.print("\n[bold]Themes raised[/bold]", markup=True)
    out.print(themes_reading(result), markup=False)
    for month in result.themes[-6:]:
        said = ", ".join(f"{t.label} {n}" for t, n in month.counts)
        out.print(f"  {month.month}: {said}", markup=False)
    out.print("\n[bold]Week by week[/bold]", markup=True)
    out.print(weekly_reading(result.weeks), markup=False)
    weeks = TableOut("week of", "applications", "interviews")
    for week in result.weeks[-8:]:
        weeks.add_row(f"{week.start:%Y-%m-%d}", str(week.applications), str(week.interviews))
    if result.weeks:
        weeks.print()


def _answers(groups: tuple[AnswerGroup, ...]) -> None:
    table = TableOut("", "answered", "median days to an answer")
    for g in groups:
        days = "-" if g.median_days is None else f"{g.median_days:g}"
        table.add_row(g.label, g.words, days)
    table.print()
