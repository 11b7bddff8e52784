"""The feedback-thread state machine, transition by transition."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from nextround.domain.errors import InvalidTransition
from nextround.domain.thread import (
    CLOSED_STATES,
    MAX_PROBES,
    Event,
    FeedbackThread,
    ThreadState,
    reply_event,
)

MONDAY = datetime(2026, 11, 16, 9, 0)


def make(state: ThreadState = ThreadState.TO_ASK) -> FeedbackThread:
    thread = FeedbackThread(id=1, application_id=1, rejected_at=MONDAY)
    path = {
        ThreadState.TO_ASK: [],
        ThreadState.ASKED: [Event.REQUEST_SENT],
        ThreadState.GENERIC: [Event.REQUEST_SENT, Event.GENERIC_REPLY],
        ThreadState.PROBED: [Event.REQUEST_SENT, Event.GENERIC_REPLY, Event.PROBE_SENT],
        ThreadState.ACTIONABLE: [Event.REQUEST_SENT, Event.ACTIONABLE_REPLY],
        ThreadState.DECLINED: [Event.REQUEST_SENT, Event.DECLINED_REPLY],
        ThreadState.PITCHED: [Event.REQUEST_SENT, Event.ACTIONABLE_REPLY, Event.PITCHED],
        ThreadState.RECONSIDERED: [
            Event.REQUEST_SENT,
            Event.ACTIONABLE_REPLY,
            Event.PITCHED,
            Event.RECONSIDERED,
        ],
        ThreadState.NOT_NOW: [
            Event.REQUEST_SENT,
            Event.ACTIONABLE_REPLY,
            Event.PITCHED,
            Event.NOT_NOW,
        ],
        ThreadState.CLOSED: [Event.REQUEST_SENT, Event.DECLINED_REPLY, Event.CLOSE_SENT],
        ThreadState.THANKED: [Event.REQUEST_SENT, Event.ACTIONABLE_REPLY, Event.THANKED],
        ThreadState.NO_RESPONSE: [Event.REQUEST_SENT, Event.FOLLOW_UP_SENT, Event.NO_RESPONSE],
    }[state]
    for hours, event in enumerate(path, start=1):
        thread.apply(event, at=MONDAY + timedelta(hours=hours))
    assert thread.state is state
    return thread


ALLOWED = {
    (ThreadState.TO_ASK, Event.REQUEST_SENT): ThreadState.ASKED,
    (ThreadState.ASKED, Event.FOLLOW_UP_SENT): ThreadState.ASKED,
    (ThreadState.ASKED, Event.GENERIC_REPLY): ThreadState.GENERIC,
    (ThreadState.ASKED, Event.ACTIONABLE_REPLY): ThreadState.ACTIONABLE,
    (ThreadState.ASKED, Event.DECLINED_REPLY): ThreadState.DECLINED,
    (ThreadState.GENERIC, Event.PROBE_SENT): ThreadState.PROBED,
    (ThreadState.GENERIC, Event.THANKED): ThreadState.THANKED,
    (ThreadState.PROBED, Event.FOLLOW_UP_SENT): ThreadState.PROBED,
    (ThreadState.PROBED, Event.GENERIC_REPLY): ThreadState.GENERIC,
    (ThreadState.PROBED, Event.ACTIONABLE_REPLY): ThreadState.ACTIONABLE,
    (ThreadState.PROBED, Event.DECLINED_REPLY): ThreadState.DECLINED,
    (ThreadState.ACTIONABLE, Event.PITCHED): ThreadState.PITCHED,
    (ThreadState.ACTIONABLE, Event.THANKED): ThreadState.THANKED,
    (ThreadState.TO_ASK, Event.NOT_ASKING): ThreadState.CLOSED,
    (ThreadState.DECLINED, Event.CLOSE_SENT): ThreadState.CLOSED,
    (ThreadState.PITCHED, Event.FOLLOW_UP_SENT): ThreadState.PITCHED,
    (ThreadState.PITCHED, Event.RECONSIDERED): ThreadState.RECONSIDERED,
    (ThreadState.PITCHED, Event.NOT_NOW): ThreadState.NOT_NOW,
    (ThreadState.NOT_NOW, Event.THANKED): ThreadState.THANKED,
}


@pytest.mark.parametrize("state", list(ThreadState))
@pytest.mark.parametrize("event", list(Event))
def test_every_state_event_pair(state: ThreadState, event: Event) -> None:
    thread = make(state)
    before = (thread.state, len(thread.transitions))
    at = MONDAY + timedelta(days=1)
    expected = ALLOWED.get((state, event))
    if event is Event.NO_RESPONSE and state.awaits_answer:
        expected = None  # needs a follow-up first; covered below
    if expected is None:
        with pytest.raises(InvalidTransition):
            thread.apply(event, at=at)
        assert (thread.state, len(thread.transitions)) == before
    else:
        step = thread.apply(event, at=at, message_id=7)
        assert thread.state is expected
        assert step.from_state == state.value and step.to_state == expected.value
        assert step.at == at and step.message_id == 7


def test_no_response_only_after_follow_up() -> None:
    thread = make(ThreadState.ASKED)
    with pytest.raises(InvalidTransition, match="follow-up"):
        thread.apply(Event.NO_RESPONSE, at=MONDAY + timedelta(days=8))
    thread.apply(Event.FOLLOW_UP_SENT, at=MONDAY + timedelta(days=8))
    thread.apply(Event.NO_RESPONSE, at=MONDAY + timedelta(days=16))
    assert thread.state is ThreadState.NO_RESPONSE and thread.state.is_closed


def test_one_follow_up_at_most() -> None:
    thread = make(ThreadState.ASKED)
    thread.apply(Event.FOLLOW_UP_SENT, at=MONDAY + timedelta(days=8))
    with pytest.raises(InvalidTransition, match="already"):
        thread.apply(Event.FOLLOW_UP_SENT, at=MONDAY + timedelta(days=9))
    assert thread.follow_up_due() is None


def test_two_probes_at_most() -> None:
    thread = make(ThreadState.GENERIC)
    at = MONDAY + timedelta(days=1)
    for n in range(MAX_PROBES):
        thread.apply(Event.PROBE_SENT, at=at + timedelta(hours=2 * n))
        thread.apply(Event.GENERIC_REPLY, at=at + timedelta(hours=2 * n + 1))
    assert thread.probes_sent == MAX_PROBES
    assert not thread.can(Event.PROBE_SENT)
    with pytest.raises(InvalidTransition, match="probes already sent"):
        thread.apply(Event.PROBE_SENT, at=at + timedelta(days=1))
    thread.apply(Event.THANKED, at=at + timedelta(days=1))
    assert thread.state is ThreadState.THANKED


def test_steps_cannot_go_back_in_time() -> None:
    thread = make(ThreadState.ASKED)
    with pytest.raises(InvalidTransition, match="before"):
        thread.apply(Event.GENERIC_REPLY, at=MONDAY)


def test_timing_advice() -> None:
    friday = datetime(2026, 11, 20, 15, 0)
    thread = FeedbackThread(id=1, application_id=1, rejected_at=friday)
    assert thread.send_by() == datetime(2026, 11, 24, 15, 0)  # Tuesday
    assert thread.follow_up_due() is None  # nothing asked yet
    thread.apply(Event.REQUEST_SENT, at=datetime(2026, 11, 23, 9, 0))  # Monday
    assert thread.waiting_since == datetime(2026, 11, 23, 9, 0)
    assert thread.follow_up_due() == datetime(2026, 11, 30, 9, 0)  # next Monday
    thread.apply(Event.FOLLOW_UP_SENT, at=datetime(2026, 11, 30, 9, 0))
    assert thread.close_due() == datetime(2026, 12, 7, 9, 0)


@pytest.mark.parametrize("state", sorted(CLOSED_STATES))
def test_a_closed_thread_refuses_every_step_in_plain_words(state: ThreadState) -> None:
    thread = make(state)
    for event in Event:
        with pytest.raises(InvalidTransition, match=r"is closed .*nothing more to do"):
            thread.apply(event, at=MONDAY + timedelta(days=3))
    assert "_" not in thread.closed_because()


def test_declined_then_closed_is_closed_once() -> None:
    thread = make(ThreadState.DECLINED)
    assert not thread.state.is_closed
    thread.apply(Event.CLOSE_SENT, at=MONDAY + timedelta(days=1))
    assert thread.state is ThreadState.CLOSED and thread.state.is_closed
    assert "closed it" in thread.closed_because()
    assert not thread.can(Event.CLOSE_SENT)


def test_not_worth_asking_closes_an_unasked_thread() -> None:
    thread = make(ThreadState.TO_ASK)
    thread.apply(Event.NOT_ASKING, at=MONDAY + timedelta(hours=1))
    assert thread.state is ThreadState.CLOSED
    assert thread.closed_because().startswith("you chose not to ask")


def test_a_pitch_gets_its_own_follow_up_then_closes_as_no_response() -> None:
    thread = make(ThreadState.ASKED)
    thread.apply(Event.FOLLOW_UP_SENT, at=MONDAY + timedelta(days=8))
    thread.apply(Event.ACTIONABLE_REPLY, at=MONDAY + timedelta(days=9))
    thread.apply(Event.PITCHED, at=MONDAY + timedelta(days=10))
    assert thread.follow_up_due() is not None  # the request's nudge does not count
    thread.apply(Event.FOLLOW_UP_SENT, at=MONDAY + timedelta(days=17))
    assert not thread.can(Event.FOLLOW_UP_SENT)
    thread.apply(Event.NO_RESPONSE, at=MONDAY + timedelta(days=24))
    assert thread.state is ThreadState.NO_RESPONSE


def test_the_users_move_has_a_window_after_the_answer() -> None:
    thread = make(ThreadState.ASKED)
    answered = datetime(2026, 11, 20, 15, 0)  # a Friday
    thread.apply(Event.GENERIC_REPLY, at=answered)
    assert thread.act_by() == datetime(2026, 11, 24, 15, 0)  # Tuesday, two business days on
    thread.apply(Event.PROBE_SENT, at=answered + timedelta(hours=1))
    assert thread.act_by() is None  # now it waits on them


def test_reply_event_maps_categories() -> None:
    assert reply_event("generic") is Event.GENERIC_REPLY
    assert reply_event("actionable") is Event.ACTIONABLE_REPLY
    assert reply_event("declined") is Event.DECLINED_REPLY
