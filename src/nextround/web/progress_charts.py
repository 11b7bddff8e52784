"""The Progress page's charts, drawn on the server as SVG (see ``web.chart`` for why the
SVG carries no style and draws text as paths, and why figures are narrow with large
type: a phone scales them to 390 pixels and the labels must stay readable)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from nextround.domain.stats import AnswerGroup, Stats
from nextround.web.chart import STRENGTH_COLOUR, WEAKNESS_COLOUR, draw_svg

ANSWERED_COLOUR = STRENGTH_COLOUR
UNANSWERED_COLOUR = "#c9d1d9"
INTERVIEW_COLOUR = WEAKNESS_COLOUR
THEME_COLOURS = ("#2166ac", "#c4501b", "#4d9221", "#762a83", "#8c8c8c")
WEEKS_SHOWN = 26
THEMES_SHOWN = 4  # the rest are drawn together as "other"


def _empty(ax: Any, words: str) -> None:
    ax.text(0.5, 0.5, words, ha="center", va="center", fontsize=13)
    ax.set_axis_off()


def funnel_svg(stats: Stats) -> str:
    f = stats.funnel
    steps = [
        ("applied", f.applications),
        ("interviewed", f.applications_interviewed),
        ("rejected", f.rejected_at_screening + f.rejected_after_interview),
        ("asked", f.feedback_asked),
        ("answered", f.answered),
        ("concrete", f.concrete),
        ("lessons", f.lessons_kept),
        ("pitched", f.pitches),
        ("after pitch", f.interview_or_offer_after_pitch),
    ]

    def plot(_: Any, ax: Any) -> None:
        if not f.applications:
            _empty(ax, "No applications yet")
            return
        y = list(range(len(steps)))
        values = [v for _, v in steps]
        ax.barh(y, values, 0.65, color=STRENGTH_COLOUR)
        ax.set_yticks(y, [name for name, _ in steps])
        ax.set_ylim(len(steps) - 0.5, -0.5)
        top = max(values) or 1
        ax.set_xlim(0, top * 1.18)
        for row, value in zip(y, values, strict=True):
            ax.text(value + top * 0.02, row, str(value), va="center", fontsize=13)
        ax.set_xticks([])
        ax.spines["bottom"].set_visible(False)

    return draw_svg(0.48 * len(steps) + 0.8, plot)


def answers_svg(groups: Sequence[AnswerGroup]) -> str:
    """Answered and unanswered requests per group, stacked, with "n of m" beside each."""
    shown = [g for g in groups if g.asked] or list(groups)

    def plot(fig: Any, ax: Any) -> None:
        if not any(g.asked for g in groups):
            _empty(ax, "No requests yet")
            return
        y = list(range(len(shown)))
        answered = [g.answered for g in shown]
        unanswered = [g.asked - g.answered for g in shown]
        ax.barh(y, answered, 0.6, color=ANSWERED_COLOUR, label="answered")
        ax.barh(y, unanswered, 0.6, left=answered, color=UNANSWERED_COLOUR, label="no answer")
        ax.set_yticks(y, [g.label.replace(" requests", "").replace("requests ", "") for g in shown])
        ax.set_ylim(len(shown) - 0.5, -0.5)
        top = max(g.asked for g in shown)
        ax.set_xlim(0, top * 1.3 + 0.5)
        for row, g in zip(y, shown, strict=True):
            ax.text(g.asked + top * 0.03, row, f"{g.answered}/{g.asked}", va="center", fontsize=13)
        ax.set_xticks([])
        ax.spines["bottom"].set_visible(False)
        fig.legend(loc="outside upper center", ncols=2, frameon=False)

    return draw_svg(0.55 * len(shown) + 1.3, plot)


def weekly_svg(stats: Stats) -> str:
    weeks = list(stats.weeks[-WEEKS_SHOWN:])

    def plot(fig: Any, ax: Any) -> None:
        if not weeks:
            _empty(ax, "Nothing recorded yet")
            return
        x = list(range(len(weeks)))
        ax.bar(
            [i - 0.2 for i in x],
            [w.applications for w in weeks],
            0.4,
            color=STRENGTH_COLOUR,
            label="applications",
        )
        ax.bar(
            [i + 0.2 for i in x],
            [w.interviews for w in weeks],
            0.4,
            color=INTERVIEW_COLOUR,
            label="interviews",
        )
        step = max(1, len(weeks) // 4)
        ticks = x[::step]
        ax.set_xticks(ticks, [f"{weeks[i].start.day} {weeks[i].start:%b}" for i in ticks])
        ax.yaxis.get_major_locator().set_params(integer=True)
        fig.legend(loc="outside upper center", ncols=2, frameon=False)

    return draw_svg(3.4, plot)


def themes_svg(stats: Stats) -> str:
    months = list(stats.themes[-12:])
    top = [t for t, _ in stats.theme_totals[:THEMES_SHOWN]]

    def plot(fig: Any, ax: Any) -> None:
        if not months:
            _empty(ax, "No feedback themes yet")
            return
        x = list(range(len(months)))
        bottom = [0] * len(months)
        series: list[tuple[str, list[int]]] = []
        for theme in top:
            series.append((theme.label, [dict(m.counts).get(theme, 0) for m in months]))
        other = [sum(n for t, n in m.counts if t not in top) for m in months]
        if any(other):
            series.append(("other", other))
        for (name, values), colour in zip(series, THEME_COLOURS, strict=False):
            ax.bar(x, values, 0.6, bottom=bottom, color=colour, label=name)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        ax.set_xticks(x, [m.month[2:] for m in months])
        ax.yaxis.get_major_locator().set_params(integer=True)
        fig.legend(loc="outside upper center", ncols=2, frameon=False, fontsize=12)

    return draw_svg(3.8, plot)


CHARTS: dict[str, Callable[[Stats], str]] = {
    "funnel": funnel_svg,
    "channels": lambda s: answers_svg(s.by_channel),
    "tones": lambda s: answers_svg(s.by_tone),
    "delays": lambda s: answers_svg(s.by_delay),
    "weekly": weekly_svg,
    "themes": themes_svg,
}
