"""Your numbers: the funnel, what gets answers, themes over time, weekly activity.

One pure function, ``compute_stats``, over plain records; the service loads
them, the CLI and the web page show the result. A rate is given only when
enough requests stand behind it (``MIN_SAMPLE``); below that the figure is
said as counts, "2 of 3, too few to compare", never as a percentage.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from nextround.domain.model import (
    Application,
    ApplicationStatus,
    Channel,
    Interview,
    Lesson,
    StatusChange,
    Tone,
    Transition,
)
from nextround.domain.themes import Theme
from nextround.domain.thread import Event, FeedbackThread, tone_of

MIN_SAMPLE = 5  # below this many requests a rate says more about luck than about you

_REPLIES = frozenset({Event.GENERIC_REPLY, Event.ACTIONABLE_REPLY, Event.DECLINED_REPLY})

CHANNEL_WORDS: dict[Channel, tuple[str, str]] = {  # (one, many)
    Channel.CALL: ("call", "calls"),
    Channel.EMAIL: ("email", "emails"),
    Channel.LINKEDIN: ("LinkedIn message", "LinkedIn messages"),
    Channel.VOICEMAIL: ("voicemail", "voicemails"),
}
# how soon after the rejection the request went out, in days: (up to, words)
DELAYS: tuple[tuple[int | None, str], ...] = (
    (2, "within 2 days"),
    (7, "3 to 7 days"),
    (None, "after a week"),
)


@dataclass(frozen=True, slots=True)
class Funnel:
    applications: int
    applications_interviewed: int
    interviews: int
    rejected_at_screening: int
    rejected_after_interview: int
    feedback_asked: int
    answered: int
    concrete: int
    lessons_kept: int
    pitches: int
    interview_or_offer_after_pitch: int


@dataclass(frozen=True, slots=True)
class AnswerGroup:
    """Requests of one kind (a channel, a tone, a delay) and how many got an answer."""

    key: str
    label: str  # plural words: "calls", "warm requests"
    asked: int
    answered: int
    median_days: float | None  # to an answer, over those answered

    @property
    def enough(self) -> bool:
        return self.asked >= MIN_SAMPLE

    @property
    def rate(self) -> float | None:
        return self.answered / self.asked if self.enough else None

    @property
    def words(self) -> str:
        if not self.asked:
            return "none asked"
        if not self.enough:
            return f"{self.answered} of {self.asked}, too few to compare"
        return f"{self.answered} of {self.asked} answered ({self.answered / self.asked:.0%})"


@dataclass(frozen=True, slots=True)
class ThemeMonth:
    month: str  # YYYY-MM
    counts: tuple[tuple[Theme, int], ...]  # most raised first


@dataclass(frozen=True, slots=True)
class Week:
    start: date  # the Monday
    applications: int
    interviews: int


@dataclass(frozen=True, slots=True)
class Stats:
    since: date | None
    funnel: Funnel
    by_channel: tuple[AnswerGroup, ...]
    by_tone: tuple[AnswerGroup, ...]
    by_delay: tuple[AnswerGroup, ...]
    themes: tuple[ThemeMonth, ...]
    weeks: tuple[Week, ...]

    @property
    def theme_totals(self) -> tuple[tuple[Theme, int], ...]:
        total: Counter[Theme] = Counter()
        for month in self.themes:
            total.update(dict(month.counts))
        return tuple(sorted(total.items(), key=lambda kv: (-kv[1], kv[0].value)))


@dataclass(frozen=True, slots=True)
class _Request:
    channel: Channel | None
    tone: Tone | None
    delay_days: float
    answer_days: float | None


def _applied(app: Application) -> datetime | None:
    return app.applied_on or app.created_at


def _request_of(thread: FeedbackThread, channels: Mapping[int, Channel]) -> _Request | None:
    asked: Transition | None = next(
        (t for t in thread.transitions if t.event == Event.REQUEST_SENT), None
    )
    if asked is None:
        return None
    answer = next((t for t in thread.transitions if t.event in _REPLIES and t.at >= asked.at), None)
    channel = channels.get(asked.message_id) if asked.message_id is not None else None
    return _Request(
        channel=channel,
        tone=tone_of(asked),
        delay_days=(asked.at - thread.rejected_at).total_seconds() / 86400,
        answer_days=None if answer is None else (answer.at - asked.at).total_seconds() / 86400,
    )


def _group(key: str, label: str, requests: Iterable[_Request]) -> AnswerGroup:
    chosen = list(requests)
    times = [r.answer_days for r in chosen if r.answer_days is not None]
    return AnswerGroup(
        key=key,
        label=label,
        asked=len(chosen),
        answered=len(times),
        median_days=round(median(times), 1) if times else None,
    )


def _delay_key(days: float) -> int:
    for index, (limit, _) in enumerate(DELAYS):
        if limit is None or days <= limit:
            return index
    return len(DELAYS) - 1


def _answers(
    requests: Sequence[_Request],
) -> tuple[tuple[AnswerGroup, ...], tuple[AnswerGroup, ...], tuple[AnswerGroup, ...]]:
    by_channel = tuple(
        _group(c.value, CHANNEL_WORDS[c][1], (r for r in requests if r.channel is c))
        for c in Channel
    )
    tones = [
        _group(t.value, f"{t.value} requests", (r for r in requests if r.tone is t)) for t in Tone
    ]
    untold = [r for r in requests if r.tone is None]
    if untold:
        tones.append(_group("unknown", "requests with no tone recorded", untold))
    by_delay = tuple(
        _group(
            f"delay_{i}",
            f"requests sent {words}",
            (r for r in requests if _delay_key(r.delay_days) == i),
        )
        for i, (_, words) in enumerate(DELAYS)
    )
    return by_channel, tuple(tones), by_delay


def _themes(lessons: Sequence[Lesson], since: datetime | None) -> tuple[ThemeMonth, ...]:
    months: dict[str, Counter[Theme]] = defaultdict(Counter)
    for lesson in lessons:
        times = [s.at for s in lesson.sightings] or (
            [lesson.created_at] if lesson.created_at else []
        )
        for at in times:
            if since is None or at >= since:
                months[f"{at:%Y-%m}"][lesson.theme] += 1
    return tuple(
        ThemeMonth(month, tuple(sorted(c.items(), key=lambda kv: (-kv[1], kv[0].value))))
        for month, c in sorted(months.items())
    )


def _monday(value: datetime) -> date:
    day = value.date()
    return day - timedelta(days=day.weekday())


# a status that an application reaches only through an interview
_INTERVIEWED = frozenset({ApplicationStatus.INTERVIEWING, ApplicationStatus.OFFER})


def _reached_interview(
    app: Application, history: Sequence[StatusChange]
) -> tuple[bool, datetime | None]:
    """Whether the application's status shows it got to an interview, and since when:
    its first move to interviewing (or offer), else it stands there now (undated)."""
    for change in history:
        if change.to_status in _INTERVIEWED:
            return True, change.at
    return app.status in _INTERVIEWED, None


def _weeks(apps: Sequence[Application], met_at: Sequence[datetime]) -> tuple[Week, ...]:
    applied = Counter(_monday(d) for a in apps if (d := _applied(a)) is not None)
    met = Counter(_monday(at) for at in met_at)
    known = set(applied) | set(met)
    if not known:
        return ()
    weeks: list[Week] = []
    current, last = min(known), max(known)
    while current <= last:
        weeks.append(Week(current, applied[current], met[current]))
        current += timedelta(days=7)
    return tuple(weeks)


def _after_pitch(
    thread: FeedbackThread, app: Application | None, interviews: Sequence[Interview]
) -> bool:
    pitch = thread.last(Event.PITCHED)
    if pitch is None:
        return False
    if any(t.event == Event.RECONSIDERED for t in thread.transitions):
        return True
    if app is not None and app.status is ApplicationStatus.OFFER:
        return True
    return any(i.when > pitch.at for i in interviews)


def compute_stats(
    *,
    applications: Sequence[Application],
    interviews: Sequence[Interview],
    threads: Sequence[FeedbackThread],
    channels: Mapping[int, Channel],
    lessons: Sequence[Lesson],
    history: Mapping[int, Sequence[StatusChange]] | None = None,
    since: date | None = None,
) -> Stats:
    """Every figure of `stats` and the Progress page. ``channels`` maps a sent message's
    id to its channel; ``history`` each application's status moves, oldest first;
    ``since`` keeps what happened on or after that day.

    A job only saved (not applied for) is no application here. An application whose
    status reached interviewing or offer was interviewed even with no interview on
    file (imported from another tracker, say): it counts as one interview, in the
    week it moved there.
    """
    start = datetime.combine(since, datetime.min.time()) if since else None
    moves = history or {}

    def kept(at: datetime | None) -> bool:
        return start is None or (at is not None and at >= start)

    apps = [
        a for a in applications if a.status is not ApplicationStatus.SAVED and kept(_applied(a))
    ]
    met = [i for i in interviews if kept(i.when)]
    met_apps = {i.application_id for i in met}
    with_interview = {i.application_id for i in interviews}
    by_status: set[int] = set()  # interviewed by their status, with no interview on file
    met_at = [i.when for i in met]
    for app in applications:
        if app.id is None or app.id in with_interview:
            continue
        reached, at = _reached_interview(app, moves.get(app.id, ()))
        if not reached:
            continue
        by_status.add(app.id)
        when = at or _applied(app)
        if kept(when):
            met_apps.add(app.id)
            if when is not None:
                met_at.append(when)
    rejections = [t for t in threads if kept(t.rejected_at)]
    lessons_in = [x for x in lessons if kept(x.created_at)]
    interviews_by_app: dict[int, list[Interview]] = defaultdict(list)
    for interview in interviews:
        interviews_by_app[interview.application_id].append(interview)
    threaded = {t.application_id for t in threads}
    after = sum(1 for t in rejections if t.after_interview or t.interview_id is not None)
    screening = len(rejections) - after
    for app in apps:  # rejected with no thread on file: told apart by an interview
        if app.status is ApplicationStatus.REJECTED and app.id not in threaded:
            if interviews_by_app.get(app.id or 0) or app.id in by_status:
                after += 1
            else:
                screening += 1
    requests = [r for t in rejections if (r := _request_of(t, channels)) is not None]
    by_app = {a.id: a for a in applications}
    pitched = [t for t in rejections if t.last(Event.PITCHED) is not None]
    funnel = Funnel(
        applications=len(apps),
        applications_interviewed=len(met_apps),
        interviews=len(met) + len(met_apps - with_interview),
        rejected_at_screening=screening,
        rejected_after_interview=after,
        feedback_asked=len(requests),
        answered=sum(1 for r in requests if r.answer_days is not None),
        concrete=sum(
            1 for t in rejections if any(s.event == Event.ACTIONABLE_REPLY for s in t.transitions)
        ),
        lessons_kept=len(lessons_in),
        pitches=len(pitched),
        interview_or_offer_after_pitch=sum(
            1
            for t in pitched
            if _after_pitch(
                t, by_app.get(t.application_id), interviews_by_app.get(t.application_id, [])
            )
        ),
    )
    by_channel, by_tone, by_delay = _answers(requests)
    return Stats(
        since=since,
        funnel=funnel,
        by_channel=by_channel,
        by_tone=by_tone,
        by_delay=by_delay,
        themes=_themes(lessons, start),
        weeks=_weeks(apps, met_at),
    )


def answer_reading(groups: Sequence[AnswerGroup]) -> str:
    """One sentence on a set of groups: "calls got an answer 3 times in 4; emails 1 in 3"."""
    asked = [g for g in groups if g.asked]
    if not asked:
        return "No feedback requests recorded yet."
    parts = []
    for index, g in enumerate(asked):
        times = "time" if g.answered == 1 else "times"
        if index == 0:
            parts.append(f"{g.label} got an answer {g.answered} {times} in {g.asked}")
        else:
            parts.append(f"{g.label} {g.answered} in {g.asked}")
    sentence = "; ".join(parts)
    sentence = sentence[0].upper() + sentence[1:]
    if any(not g.enough for g in asked):
        sentence += f" (under {MIN_SAMPLE} requests is too few to compare)"
    return sentence + "."


def _counted(n: int, one: str, many: str) -> str:
    """ "1 application", "3 applications"."""
    return f"{n} {one if n == 1 else many}"


def funnel_reading(funnel: Funnel) -> str:
    if not funnel.applications:
        return "No applications recorded yet."
    return (
        f"Of {_counted(funnel.applications, 'application', 'applications')}, "
        f"{funnel.applications_interviewed} led to an interview; you asked for feedback "
        f"{_counted(funnel.feedback_asked, 'time', 'times')}, got "
        f"{_counted(funnel.answered, 'answer', 'answers')}, {funnel.concrete} of them concrete."
    )


def themes_reading(stats: Stats) -> str:
    totals = stats.theme_totals
    if not totals:
        return "No feedback themes recorded yet."
    (top, n), *rest = totals
    sentence = f"Raised most: {top.label} ({_counted(n, 'time', 'times')})"
    if rest:
        sentence += ", then " + ", ".join(f"{t.label} ({k})" for t, k in rest[:2])
    return sentence + "."


def weekly_reading(weeks: Sequence[Week]) -> str:
    if not weeks:
        return "Nothing recorded week by week yet."
    recent = weeks[-4:]
    apps = sum(w.applications for w in recent)
    met = sum(w.interviews for w in recent)
    return (
        f"In the last {len(recent)} week{'s' if len(recent) != 1 else ''} on record: "
        f"{apps} application{'s' if apps != 1 else ''} and "
        f"{met} interview{'s' if met != 1 else ''}."
    )


def _group_dict(group: AnswerGroup) -> dict[str, object]:
    return {
        "key": group.key,
        "label": group.label,
        "asked": group.asked,
        "answered": group.answered,
        "rate": None if group.rate is None else round(group.rate, 3),
        "enough_to_compare": group.enough,
        "median_days_to_answer": group.median_days,
        "words": group.words,
    }


def stats_dict(stats: Stats) -> dict[str, object]:
    """Everything as plain JSON-ready values (``stats --json``, the API)."""
    f = stats.funnel
    return {
        "since": stats.since.isoformat() if stats.since else None,
        "min_sample": MIN_SAMPLE,
        "funnel": {
            "applications": f.applications,
            "applications_interviewed": f.applications_interviewed,
            "interviews": f.interviews,
            "rejected_at_screening": f.rejected_at_screening,
            "rejected_after_interview": f.rejected_after_interview,
            "feedback_asked": f.feedback_asked,
            "answered": f.answered,
            "concrete": f.concrete,
            "lessons_kept": f.lessons_kept,
            "pitches": f.pitches,
            "interview_or_offer_after_pitch": f.interview_or_offer_after_pitch,
        },
        "answers": {
            "by_channel": [_group_dict(g) for g in stats.by_channel],
            "by_tone": [_group_dict(g) for g in stats.by_tone],
            "by_delay": [_group_dict(g) for g in stats.by_delay],
        },
        "themes_over_time": [
            {"month": m.month, "themes": {t.value: n for t, n in m.counts}} for m in stats.themes
        ],
        "weekly": [
            {
                "week": w.start.isoformat(),
                "applications": w.applications,
                "interviews": w.interviews,
            }
            for w in stats.weeks
        ],
        "readings": {
            "funnel": funnel_reading(f),
            "by_channel": answer_reading(stats.by_channel),
            "by_tone": answer_reading(stats.by_tone),
            "by_delay": answer_reading(stats.by_delay),
            "themes": themes_reading(stats),
            "weekly": weekly_reading(stats.weeks),
        },
    }
