"""`domain.stats`: the funnel and answer rates over plain records, small samples said so."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from nextround.domain.events import brief_highlights
from nextround.domain.model import (
    Application,
    ApplicationStatus,
    Channel,
    Interview,
    Lesson,
    LessonStatus,
    Polarity,
    Sighting,
    StatusChange,
    Tone,
)
from nextround.domain.stats import (
    MIN_SAMPLE,
    answer_reading,
    compute_stats,
    stats_dict,
)
from nextround.domain.themes import Theme
from nextround.domain.thread import Event, FeedbackThread, tone_note

START = datetime(2026, 9, 7, 9, 0)  # a Monday


class Book:
    """Records built the way the loop builds them: one application, thread, message each."""

    def __init__(self) -> None:
        self.apps: list[Application] = []
        self.interviews: list[Interview] = []
        self.threads: list[FeedbackThread] = []
        self.channels: dict[int, Channel] = {}

    def app(self, *, day: int = 0, status: ApplicationStatus = ApplicationStatus.APPLIED) -> int:
        app_id = len(self.apps) + 1
        when = START + timedelta(days=day)
        self.apps.append(
            Application(app_id, f"Co {app_id}", "Analyst", status=status, applied_on=when)
        )
        return app_id

    def interview(self, app_id: int, *, day: int) -> None:
        self.interviews.append(
            Interview(len(self.interviews) + 1, app_id, "technical", START + timedelta(days=day))
        )

    def rejection(
        self,
        *,
        channel: Channel | None = None,
        tone: Tone | None = None,
        asked_after: int = 1,
        answer: Event | None = None,
        answer_after: int = 2,
        interviewed: bool = True,
        pitch: Event | None = None,
    ) -> FeedbackThread:
        app_id = self.app(status=ApplicationStatus.REJECTED)
        if interviewed:
            self.interview(app_id, day=5)
        rejected = START + timedelta(days=10)
        thread = FeedbackThread(
            len(self.threads) + 1, app_id, rejected, after_interview=interviewed
        )
        if channel is not None:
            message_id = 100 + len(self.threads)
            self.channels[message_id] = channel
            asked = rejected + timedelta(days=asked_after)
            note = tone_note(tone) if tone else ""
            thread.apply(Event.REQUEST_SENT, at=asked, message_id=message_id, note=note)
            if answer is not None:
                thread.apply(answer, at=asked + timedelta(days=answer_after))
                if pitch is not None:
                    thread.apply(Event.PITCHED, at=asked + timedelta(days=answer_after + 1))
                    thread.apply(pitch, at=asked + timedelta(days=answer_after + 3))
        self.threads.append(thread)
        return thread


def test_funnel_counts_each_step() -> None:
    book = Book()
    book.app()
    hired = book.app(status=ApplicationStatus.INTERVIEWING)
    book.interview(hired, day=3)
    book.rejection(interviewed=False)
    book.rejection(channel=Channel.CALL, tone=Tone.WARM, answer=Event.ACTIONABLE_REPLY)
    book.rejection(
        channel=Channel.EMAIL,
        answer=Event.ACTIONABLE_REPLY,
        pitch=Event.RECONSIDERED,
    )
    book.rejection(channel=Channel.EMAIL, answer=Event.GENERIC_REPLY)
    book.rejection(channel=Channel.LINKEDIN)
    lesson = Lesson(
        1,
        Theme.COMMUNICATION,
        Polarity.WEAKNESS,
        "Shorter answers",
        created_at=START + timedelta(days=14),
    )
    stats = compute_stats(
        applications=book.apps,
        interviews=book.interviews,
        threads=book.threads,
        channels=book.channels,
        lessons=[lesson],
    )
    f = stats.funnel
    assert (f.applications, f.applications_interviewed, f.interviews) == (7, 5, 5)
    assert (f.rejected_at_screening, f.rejected_after_interview) == (1, 4)
    assert (f.feedback_asked, f.answered, f.concrete) == (4, 3, 2)
    assert (f.lessons_kept, f.pitches, f.interview_or_offer_after_pitch) == (1, 1, 1)
    channels = {g.key: g for g in stats.by_channel}
    assert (channels["call"].asked, channels["call"].answered) == (1, 1)
    assert (channels["email"].asked, channels["email"].answered) == (2, 2)
    assert channels["email"].median_days == 2.0
    assert (channels["linkedin"].asked, channels["linkedin"].answered) == (1, 0)
    assert channels["voicemail"].asked == 0
    tones = {g.key: g for g in stats.by_tone}
    assert tones["warm"].answered == 1 and tones["unknown"].asked == 3


def test_a_saved_job_is_no_application() -> None:
    book = Book()
    book.app()
    book.app(status=ApplicationStatus.SAVED, day=1)
    stats = compute_stats(
        applications=book.apps, interviews=[], threads=[], channels={}, lessons=[]
    )
    assert stats.funnel.applications == 1
    assert [w.applications for w in stats.weeks] == [1]


def test_an_interview_known_only_from_the_status_history_counts() -> None:
    """Imported from another tracker: the status says interviewing (or later), no interview
    is on file."""
    s = ApplicationStatus
    book = Book()
    book.app()  # applied, nothing since
    interviewing = book.app(status=s.INTERVIEWING)
    offered = book.app(status=s.OFFER)
    turned_down = book.app(status=s.REJECTED)  # applied -> interviewing -> rejected
    screened_out = book.app(status=s.REJECTED)  # applied -> rejected
    met = book.app(status=s.INTERVIEWING)
    book.interview(met, day=4)  # an interview on file too: counted once, not twice
    at = START + timedelta(days=20)  # a Monday, two weeks on

    def moves(*path: ApplicationStatus) -> list[StatusChange]:
        return [
            StatusChange(at=at + timedelta(days=i), from_status=a, to_status=b)
            for i, (a, b) in enumerate(zip((None, *path), path, strict=False))
        ]

    history = {
        interviewing: moves(s.APPLIED, s.INTERVIEWING),
        offered: moves(s.APPLIED, s.OFFER),
        turned_down: moves(s.APPLIED, s.INTERVIEWING, s.REJECTED),
        screened_out: moves(s.APPLIED, s.REJECTED),
        met: moves(s.APPLIED, s.INTERVIEWING),
    }
    found = compute_stats(
        applications=book.apps,
        interviews=book.interviews,
        threads=[],
        channels={},
        lessons=[],
        history=history,
    )
    f = found.funnel
    assert (f.applications, f.applications_interviewed, f.interviews) == (6, 4, 4)
    assert (f.rejected_at_screening, f.rejected_after_interview) == (1, 1)
    assert sum(w.interviews for w in found.weeks) == 4
    assert found.weeks[-1].interviews == 3  # the moves to interviewing, in their week
    later = compute_stats(
        applications=book.apps,
        interviews=book.interviews,
        threads=[],
        channels={},
        lessons=[],
        history=history,
        since=(at + timedelta(days=1)).date(),
    )
    # since the day the moves began: the interview on file (weeks before) falls out, the
    # moves to interviewing and offer stay in; none of the applications (older) do
    assert (later.funnel.applications, later.funnel.applications_interviewed) == (0, 3)
    # an application standing at interviewing with no history at all still counts
    bare = compute_stats(applications=book.apps, interviews=[], threads=[], channels={}, lessons=[])
    assert bare.funnel.applications_interviewed == 3


def test_small_samples_are_counts_not_rates() -> None:
    book = Book()
    for answered in (True, True, False):
        book.rejection(channel=Channel.CALL, answer=Event.GENERIC_REPLY if answered else None)
    for index in range(MIN_SAMPLE + 1):
        book.rejection(channel=Channel.EMAIL, answer=Event.GENERIC_REPLY if index < 3 else None)
    stats = compute_stats(
        applications=book.apps,
        interviews=book.interviews,
        threads=book.threads,
        channels=book.channels,
        lessons=[],
    )
    call = next(g for g in stats.by_channel if g.key == "call")
    email = next(g for g in stats.by_channel if g.key == "email")
    assert call.rate is None and call.words == "2 of 3, too few to compare"
    assert email.rate == 0.5 and email.words == "3 of 6 answered (50%)"
    reading = answer_reading(stats.by_channel)
    assert reading.startswith("Calls got an answer 2 times in 3; emails 3 in 6")
    assert "too few to compare" in reading
    as_json = stats_dict(stats)
    by_channel = {g["key"]: g for g in as_json["answers"]["by_channel"]}  # type: ignore[index]
    assert by_channel["call"]["rate"] is None and by_channel["email"]["rate"] == 0.5


def test_delay_buckets_and_since() -> None:
    book = Book()
    book.rejection(channel=Channel.CALL, asked_after=1, answer=Event.GENERIC_REPLY)
    book.rejection(channel=Channel.CALL, asked_after=5)
    book.rejection(channel=Channel.CALL, asked_after=9)
    stats = compute_stats(
        applications=book.apps,
        interviews=book.interviews,
        threads=book.threads,
        channels=book.channels,
        lessons=[],
    )
    assert [(g.asked, g.answered) for g in stats.by_delay] == [(1, 1), (1, 0), (1, 0)]
    later = compute_stats(
        applications=book.apps,
        interviews=book.interviews,
        threads=book.threads,
        channels=book.channels,
        lessons=[],
        since=date(2026, 12, 1),
    )
    assert later.funnel.applications == 0 and later.funnel.feedback_asked == 0


def test_themes_by_month_and_weeks_without_gaps() -> None:
    book = Book()
    book.app(day=0)
    book.app(day=15)
    lessons = [
        Lesson(
            1,
            Theme.COMMUNICATION,
            Polarity.WEAKNESS,
            "Shorter answers",
            status=LessonStatus.OPEN,
            created_at=START,
            sightings=[
                Sighting(1, 1, "too long", START),
                Sighting(2, 2, "rambled", START + timedelta(days=30)),
            ],
        ),
        Lesson(2, Theme.PREPARATION, Polarity.WEAKNESS, "Research", created_at=START),
    ]
    stats = compute_stats(
        applications=book.apps,
        interviews=[],
        threads=[],
        channels={},
        lessons=lessons,
    )
    assert [(m.month, dict(m.counts)) for m in stats.themes] == [
        ("2026-09", {Theme.COMMUNICATION: 1, Theme.PREPARATION: 1}),
        ("2026-10", {Theme.COMMUNICATION: 1}),
    ]
    assert [(w.start, w.applications) for w in stats.weeks] == [
        (date(2026, 9, 7), 1),
        (date(2026, 9, 14), 0),
        (date(2026, 9, 21), 1),
    ]


def test_brief_highlights_take_three_of_the_most_useful() -> None:
    weak = [Lesson(i, Theme.COMMUNICATION, Polarity.WEAKNESS, f"weak {i}") for i in (1, 2)]
    strong = [Lesson(3, Theme.PREPARATION, Polarity.STRENGTH, "well prepared")]
    assert brief_highlights(to_apply=weak, strengths=strong, talking_points=["the case"]) == (
        "Apply: weak 1",
        "Lean on: well prepared",
        "Bring up: the case",
    )
    assert brief_highlights(to_apply=weak, strengths=[], talking_points=[]) == (
        "Apply: weak 1",
        "Apply: weak 2",
    )


def test_the_funnel_reads_in_plain_english_for_one_of_each() -> None:
    from nextround.domain.stats import Funnel, funnel_reading

    one = Funnel(1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0)
    assert funnel_reading(one) == (
        "Of 1 application, 1 led to an interview; you asked for feedback 1 time, "
        "got 1 answer, 1 of them concrete."
    )
    many = Funnel(7, 3, 4, 2, 1, 2, 2, 1, 1, 0, 0)
    assert funnel_reading(many).startswith(
        "Of 7 applications, 3 led to an interview; you asked for feedback 2 times, got 2 answers"
    )
