"""Profile, blind spots, response rates and the agenda: pure functions over domain objects."""

from __future__ import annotations

from datetime import datetime, timedelta

from nextround.domain.agenda import ActionKind, Urgency, next_actions, step_due, urgency
from nextround.domain.insights import build_profile, self_ratings
from nextround.domain.model import (
    Application,
    Channel,
    Direction,
    Interview,
    Lesson,
    LessonStatus,
    Message,
    MessageKind,
    Polarity,
)
from nextround.domain.themes import Theme
from nextround.domain.thread import Event, FeedbackThread

NOW = datetime(2026, 11, 25, 9, 0)  # a Wednesday


def lesson(theme: Theme, polarity: Polarity, status: LessonStatus = LessonStatus.OPEN) -> Lesson:
    return Lesson(None, theme, polarity, f"about {theme.value}", status=status, evidence="quote")


def test_blind_spot_is_a_weakness_rated_strong() -> None:
    interviews = [
        Interview(1, 1, "x", NOW, self_assessment={Theme.COMMUNICATION: 5, Theme.PREPARATION: 2}),
        Interview(2, 2, "x", NOW, self_assessment={Theme.COMMUNICATION: 4}),
    ]
    lessons = [
        lesson(Theme.COMMUNICATION, Polarity.WEAKNESS),
        lesson(Theme.PREPARATION, Polarity.WEAKNESS),
        lesson(Theme.PREPARATION, Polarity.WEAKNESS, LessonStatus.RESOLVED),
        lesson(Theme.LEADERSHIP, Polarity.STRENGTH),
    ]
    profile = build_profile(lessons=lessons, interviews=interviews, threads=[], messages=[])
    assert self_ratings(interviews)[Theme.COMMUNICATION] == 4.5
    assert [s.theme for s in profile.blind_spots] == [Theme.COMMUNICATION]
    prep = next(s for s in profile.themes if s.theme is Theme.PREPARATION)
    assert (prep.weaknesses, prep.open_weaknesses) == (2, 1)
    assert [s.theme for s in profile.strengths] == [Theme.LEADERSHIP]
    assert profile.themes[0].theme is Theme.PREPARATION  # most feedback first


def test_response_rate_by_channel() -> None:
    threads = [FeedbackThread(i, i, NOW) for i in (1, 2, 3)]

    def msg(thread: int, kind: MessageKind, channel: Channel) -> Message:
        direction = Direction.RECEIVED if kind is MessageKind.REPLY else Direction.SENT
        return Message(None, thread, direction, kind, channel, "t", NOW, thread_id=thread)

    messages = [
        msg(1, MessageKind.REQUEST, Channel.CALL),
        msg(1, MessageKind.REPLY, Channel.CALL),
        msg(2, MessageKind.REQUEST, Channel.EMAIL),
        msg(3, MessageKind.REQUEST, Channel.EMAIL),
        msg(3, MessageKind.REPLY, Channel.EMAIL),
    ]
    profile = build_profile(lessons=[], interviews=[], threads=threads, messages=messages)
    rates = {c.channel: (c.asked, c.answered, c.rate) for c in profile.channels}
    assert rates == {"call": (1, 1, 1.0), "email": (2, 1, 0.5)}


def apps(*ids: int) -> dict[int, Application]:
    return {i: Application(i, f"Co{i}", "Role") for i in ids}


def test_agenda_orders_by_due_and_puts_optional_last() -> None:
    screening = FeedbackThread(1, 1, NOW - timedelta(days=1), after_interview=False, interview_id=1)
    unrecorded = FeedbackThread(6, 6, NOW - timedelta(days=1))  # no interview: a screening ask
    asked_long_ago = FeedbackThread(2, 2, NOW - timedelta(days=20))
    asked_long_ago.apply(Event.REQUEST_SENT, at=NOW - timedelta(days=19))
    fresh = FeedbackThread(3, 3, NOW - timedelta(hours=2), after_interview=True, interview_id=3)
    waiting = FeedbackThread(4, 4, NOW - timedelta(days=2))
    waiting.apply(Event.REQUEST_SENT, at=NOW - timedelta(days=1))
    upcoming = Interview(9, 5, "final", NOW + timedelta(days=2))
    far = Interview(10, 5, "later", NOW + timedelta(days=30))
    actions = next_actions(
        threads=[screening, asked_long_ago, fresh, waiting, unrecorded],
        interviews=[upcoming, far],
        applications=apps(1, 2, 3, 4, 5, 6),
        now=NOW,
    )
    kinds = [(a.kind, a.application_id) for a in actions]
    assert kinds == [
        (ActionKind.FOLLOW_UP, 2),
        (ActionKind.ASK, 3),
        (ActionKind.BRIEF, 5),
        (ActionKind.ASK, 1),
        (ActionKind.ASK, 6),
    ]
    assert actions[0].overdue(NOW) and actions[-1].optional
    assert "not worth asking" in actions[-1].summary and "close 6" in actions[-1].command
    assert all(a.command.startswith("nextround ") for a in actions)


def test_agenda_offers_probe_then_thanks_after_two_probes() -> None:
    thread = FeedbackThread(1, 1, NOW - timedelta(days=10))
    thread.apply(Event.REQUEST_SENT, at=NOW - timedelta(days=9))
    thread.apply(Event.GENERIC_REPLY, at=NOW - timedelta(days=8))
    first = next_actions(threads=[thread], interviews=[], applications=apps(1), now=NOW)
    assert first[0].kind is ActionKind.PROBE
    for day in (7, 5):
        thread.apply(Event.PROBE_SENT, at=NOW - timedelta(days=day))
        thread.apply(Event.GENERIC_REPLY, at=NOW - timedelta(days=day - 1))
    last = next_actions(threads=[thread], interviews=[], applications=apps(1), now=NOW)
    assert last[0].kind is ActionKind.DECIDE and "thank" in last[0].command


def test_agenda_closes_after_an_unanswered_follow_up() -> None:
    thread = FeedbackThread(1, 1, NOW - timedelta(days=30))
    thread.apply(Event.REQUEST_SENT, at=NOW - timedelta(days=29))
    thread.apply(Event.FOLLOW_UP_SENT, at=NOW - timedelta(days=20))
    actions = next_actions(threads=[thread], interviews=[], applications=apps(1), now=NOW)
    assert [a.kind for a in actions] == [ActionKind.CLOSE]


def test_due_times_are_said_honestly() -> None:
    assert urgency(NOW - timedelta(minutes=1), NOW) is Urgency.OVERDUE
    assert urgency(NOW + timedelta(hours=3), NOW) is Urgency.DUE
    assert urgency(NOW + timedelta(days=1), NOW) is Urgency.SOON
    assert urgency(NOW + timedelta(days=5), NOW) is Urgency.LATER


def test_a_fresh_answer_is_not_overdue_the_moment_it_arrives() -> None:
    thread = FeedbackThread(1, 1, NOW - timedelta(days=3), interview_id=1)
    thread.apply(Event.REQUEST_SENT, at=NOW - timedelta(days=2))
    thread.apply(Event.GENERIC_REPLY, at=NOW)
    (probe,) = next_actions(threads=[thread], interviews=[], applications=apps(1), now=NOW)
    assert probe.kind is ActionKind.PROBE and probe.urgency(NOW) is Urgency.SOON
    assert probe.due == datetime(2026, 11, 27, 9, 0)  # two business days on


def test_a_refusal_and_not_now_each_leave_one_step() -> None:
    declined = FeedbackThread(1, 1, NOW - timedelta(days=3), interview_id=1)
    declined.apply(Event.REQUEST_SENT, at=NOW - timedelta(days=2))
    declined.apply(Event.DECLINED_REPLY, at=NOW - timedelta(days=1))
    pitched = FeedbackThread(2, 2, NOW - timedelta(days=9), interview_id=2)
    for day, event in enumerate(
        (Event.REQUEST_SENT, Event.ACTIONABLE_REPLY, Event.PITCHED, Event.NOT_NOW), start=1
    ):
        pitched.apply(event, at=NOW - timedelta(days=9 - day))
    actions = next_actions(
        threads=[declined, pitched], interviews=[], applications=apps(1, 2), now=NOW
    )
    assert [(a.kind, a.thread_id) for a in actions] == [
        (ActionKind.DECIDE, 2),
        (ActionKind.GRACIOUS_CLOSE, 1),
    ]
    declined.apply(Event.CLOSE_SENT, at=NOW)
    pitched.apply(Event.THANKED, at=NOW)
    assert (
        next_actions(threads=[declined, pitched], interviews=[], applications=apps(1, 2), now=NOW)
        == []
    )


def _threads_in_every_state() -> list[FeedbackThread]:
    """Threads at each step of the method, screening or not, nudged or not."""
    paths: list[list[Event]] = [
        [],
        [Event.REQUEST_SENT],
        [Event.REQUEST_SENT, Event.FOLLOW_UP_SENT],
        [Event.REQUEST_SENT, Event.GENERIC_REPLY],
        [Event.REQUEST_SENT, Event.GENERIC_REPLY, Event.PROBE_SENT],
        [Event.REQUEST_SENT, Event.ACTIONABLE_REPLY],
        [Event.REQUEST_SENT, Event.ACTIONABLE_REPLY, Event.PITCHED],
        [Event.REQUEST_SENT, Event.ACTIONABLE_REPLY, Event.PITCHED, Event.FOLLOW_UP_SENT],
        [Event.REQUEST_SENT, Event.ACTIONABLE_REPLY, Event.PITCHED, Event.NOT_NOW],
        [Event.REQUEST_SENT, Event.DECLINED_REPLY],
        [Event.REQUEST_SENT, Event.ACTIONABLE_REPLY, Event.THANKED],
        [Event.NOT_ASKING],
    ]
    threads = []
    for n, path in enumerate(paths * 3):
        shape = n // len(paths)  # after an interview; a screening; none recorded
        thread = FeedbackThread(
            n + 1,
            n + 1,
            NOW - timedelta(days=20 - n % 9, hours=n),
            interview_id=n + 1 if shape == 0 else None,
            after_interview={0: True, 1: False, 2: None}[shape],
        )
        for k, event in enumerate(path):
            thread.apply(event, at=thread.rejected_at + timedelta(days=k + 1))
        threads.append(thread)
    return threads


def test_a_threads_step_due_is_the_one_the_agenda_offers() -> None:
    """``step_due`` (stored with each thread for the home page's SQL) says when the step
    ``next_actions`` offers falls due and whether it is optional, at any time."""
    threads = _threads_in_every_state()
    applications = apps(*(t.application_id for t in threads))
    for now in (NOW - timedelta(days=30), NOW - timedelta(days=12), NOW, NOW + timedelta(days=30)):
        offered = {
            a.thread_id: a
            for a in next_actions(
                threads=threads, interviews=[], applications=applications, now=now
            )
        }
        for thread in threads:
            step = step_due(thread)
            action = offered.get(thread.id)
            if step is None:
                assert action is None and thread.state.is_closed
            elif action is None:  # a question awaiting its answer: listed once due
                assert step.waiting and step.due > now
            else:
                assert (action.due, action.optional) == (step.due, step.optional)
                assert step.waiting is thread.state.awaits_answer


def test_an_overdue_step_comes_before_anything_not_yet_due() -> None:
    """Even an optional one: nothing overdue hides behind steps that can wait."""
    screening = FeedbackThread(1, 1, NOW - timedelta(days=10), after_interview=False)
    fresh = FeedbackThread(2, 2, NOW - timedelta(hours=1), after_interview=True, interview_id=2)
    soon = Interview(9, 3, "final", NOW + timedelta(days=1))
    actions = next_actions(
        threads=[fresh, screening], interviews=[soon], applications=apps(1, 2, 3), now=NOW
    )
    assert [(a.application_id, a.optional, a.overdue(NOW)) for a in actions] == [
        (1, True, True),
        (3, False, False),  # the interview tomorrow
        (2, False, False),  # the request due in two business days
    ]
