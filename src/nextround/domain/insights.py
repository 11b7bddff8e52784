"""Patterns across all applications: the profile, blind spots, what works.

Pure functions over domain objects; the services fetch, these compute.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from nextround.domain.model import Interview, Lesson, LessonStatus, Message, MessageKind, Polarity
from nextround.domain.themes import Theme
from nextround.domain.thread import FeedbackThread

STRONG_RATING = 4  # a self-rating of 4 or 5 out of 5 is "I thought I was strong here"


@dataclass(slots=True)
class ThemeStanding:
    theme: Theme
    strengths: int = 0
    weaknesses: int = 0
    open_weaknesses: int = 0
    self_rating: float | None = None
    evidence: list[str] = field(default_factory=list)

    @property
    def balance(self) -> int:
        return self.strengths - self.weaknesses


@dataclass(frozen=True, slots=True)
class ChannelRate:
    channel: str
    asked: int
    answered: int

    @property
    def rate(self) -> float:
        return self.answered / self.asked if self.asked else 0.0


@dataclass(frozen=True, slots=True)
class Profile:
    themes: tuple[ThemeStanding, ...]
    blind_spots: tuple[ThemeStanding, ...]
    channels: tuple[ChannelRate, ...]
    lessons: int

    @property
    def strengths(self) -> tuple[ThemeStanding, ...]:
        return tuple(t for t in self.themes if t.strengths > 0)

    @property
    def weaknesses(self) -> tuple[ThemeStanding, ...]:
        return tuple(t for t in self.themes if t.weaknesses > 0)


def self_ratings(interviews: Iterable[Interview]) -> dict[Theme, float]:
    """The mean self-rating per theme over every interview that has one."""
    totals: dict[Theme, list[int]] = defaultdict(list)
    for interview in interviews:
        for theme, rating in interview.self_assessment.items():
            totals[theme].append(rating)
    return {theme: sum(r) / len(r) for theme, r in totals.items()}


def build_profile(
    *,
    lessons: Sequence[Lesson],
    interviews: Sequence[Interview],
    threads: Sequence[FeedbackThread],
    messages: Sequence[Message],
) -> Profile:
    ratings = self_ratings(interviews)
    standings = {theme: ThemeStanding(theme, self_rating=ratings.get(theme)) for theme in Theme}
    for lesson in lessons:
        standing = standings[lesson.theme]
        if lesson.polarity is Polarity.STRENGTH:
            standing.strengths += 1
        else:
            standing.weaknesses += 1
            if lesson.status is not LessonStatus.RESOLVED:
                standing.open_weaknesses += 1
        quote = lesson.evidence
        if quote and quote not in standing.evidence:
            standing.evidence.append(quote)
    ranked = sorted(
        (s for s in standings.values() if s.strengths or s.weaknesses),
        key=lambda s: (-(s.weaknesses + s.strengths), s.theme.value),
    )
    blind = tuple(
        s
        for s in ranked
        if s.weaknesses and s.self_rating is not None and s.self_rating >= STRONG_RATING
    )
    return Profile(
        themes=tuple(ranked),
        blind_spots=blind,
        channels=channel_rates(threads, messages),
        lessons=len(lessons),
    )


def channel_rates(
    threads: Sequence[FeedbackThread], messages: Sequence[Message]
) -> tuple[ChannelRate, ...]:
    """For each channel a request went out on: how many got any answer."""
    by_thread: dict[int, list[Message]] = defaultdict(list)
    for message in messages:
        if message.thread_id is not None:
            by_thread[message.thread_id].append(message)
    asked: dict[str, int] = defaultdict(int)
    answered: dict[str, int] = defaultdict(int)
    for thread in threads:
        assert thread.id is not None
        sent = [m for m in by_thread[thread.id] if m.kind is MessageKind.REQUEST]
        if not sent:
            continue
        channel = sent[0].channel.value
        asked[channel] += 1
        if any(m.kind is MessageKind.REPLY for m in by_thread[thread.id]):
            answered[channel] += 1
    return tuple(
        ChannelRate(channel=c, asked=n, answered=answered[c]) for c, n in sorted(asked.items())
    )
