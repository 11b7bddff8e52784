"""The feedback thread: one per rejected application, a small state machine.

    to_ask ──request──► asked ──generic──► generic ──probe──► probed ─┐
                          │  ▲                                        │
                          │  └──────── (a probe is a new ask) ◄───────┘
                          ├──declined──► declined
                          ├──actionable──► actionable ──pitch──► pitched
                          │                          └──thank──► thanked
                          └──(follow-up unanswered)──► no_response

``asked`` and ``probed`` both wait for an answer. One follow-up nudge per
thread, at most two probes. Each applied event is recorded with its time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from nextround.domain.calendar import add_business_days
from nextround.domain.errors import InvalidTransition
from nextround.domain.model import Transition

MAX_PROBES = 2
MAX_FOLLOW_UPS = 1
SEND_WITHIN_BUSINESS_DAYS = 2
FOLLOW_UP_AFTER_BUSINESS_DAYS = 5


class ThreadState(StrEnum):
    TO_ASK = "to_ask"
    ASKED = "asked"
    GENERIC = "generic"
    PROBED = "probed"
    ACTIONABLE = "actionable"
    PITCHED = "pitched"
    THANKED = "thanked"
    DECLINED = "declined"
    NO_RESPONSE = "no_response"

    @property
    def is_closed(self) -> bool:
        return self in CLOSED_STATES

    @property
    def awaits_answer(self) -> bool:
        return self in (ThreadState.ASKED, ThreadState.PROBED)


CLOSED_STATES = frozenset(
    {ThreadState.PITCHED, ThreadState.THANKED, ThreadState.DECLINED, ThreadState.NO_RESPONSE}
)


class Event(StrEnum):
    REQUEST_SENT = "request_sent"
    FOLLOW_UP_SENT = "follow_up_sent"
    GENERIC_REPLY = "generic_reply"
    ACTIONABLE_REPLY = "actionable_reply"
    DECLINED_REPLY = "declined_reply"
    PROBE_SENT = "probe_sent"
    PITCHED = "pitched"
    THANKED = "thanked"
    NO_RESPONSE = "no_response"


_WAITING = (ThreadState.ASKED, ThreadState.PROBED)

# event -> (states it may be applied in, state it leads to); None keeps the state
_RULES: dict[Event, tuple[tuple[ThreadState, ...], ThreadState | None]] = {
    Event.REQUEST_SENT: ((ThreadState.TO_ASK,), ThreadState.ASKED),
    Event.FOLLOW_UP_SENT: (_WAITING, None),
    Event.GENERIC_REPLY: (_WAITING, ThreadState.GENERIC),
    Event.ACTIONABLE_REPLY: (_WAITING, ThreadState.ACTIONABLE),
    Event.DECLINED_REPLY: (_WAITING, ThreadState.DECLINED),
    Event.PROBE_SENT: ((ThreadState.GENERIC,), ThreadState.PROBED),
    Event.PITCHED: ((ThreadState.ACTIONABLE,), ThreadState.PITCHED),
    # after a generic answer the user may also stop probing and thank them
    Event.THANKED: ((ThreadState.ACTIONABLE, ThreadState.GENERIC), ThreadState.THANKED),
    Event.NO_RESPONSE: (_WAITING, ThreadState.NO_RESPONSE),
}

_DOING = {
    Event.REQUEST_SENT: "mark the request as sent",
    Event.FOLLOW_UP_SENT: "send a follow-up",
    Event.GENERIC_REPLY: "log a reply",
    Event.ACTIONABLE_REPLY: "log a reply",
    Event.DECLINED_REPLY: "log a reply",
    Event.PROBE_SENT: "send a probe",
    Event.PITCHED: "pitch again",
    Event.THANKED: "send thanks and close",
    Event.NO_RESPONSE: "close as no response",
}


@dataclass(slots=True)
class FeedbackThread:
    id: int | None
    application_id: int
    rejected_at: datetime
    state: ThreadState = ThreadState.TO_ASK
    interview_id: int | None = None
    contact_id: int | None = None
    after_interview: bool | None = None
    rejection_message_id: int | None = None
    transitions: list[Transition] = field(default_factory=list)

    @property
    def probes_sent(self) -> int:
        return sum(1 for t in self.transitions if t.event == Event.PROBE_SENT)

    @property
    def follow_ups_sent(self) -> int:
        return sum(1 for t in self.transitions if t.event == Event.FOLLOW_UP_SENT)

    def last(self, *events: Event) -> Transition | None:
        for t in reversed(self.transitions):
            if t.event in events:
                return t
        return None

    @property
    def waiting_since(self) -> datetime | None:
        """When the question now awaiting an answer was sent, if one is."""
        if not self.state.awaits_answer:
            return None
        t = self.last(Event.REQUEST_SENT, Event.PROBE_SENT)
        return t.at if t else None

    def send_by(self) -> datetime:
        """The method's advice: ask within two business days of the rejection."""
        return add_business_days(self.rejected_at, SEND_WITHIN_BUSINESS_DAYS)

    def follow_up_due(self) -> datetime | None:
        """When to nudge an unanswered question; None if a nudge is not allowed."""
        since = self.waiting_since
        if since is None or self.follow_ups_sent >= MAX_FOLLOW_UPS:
            return None
        return add_business_days(since, FOLLOW_UP_AFTER_BUSINESS_DAYS)

    def close_due(self) -> datetime | None:
        """When an unanswered follow-up lets the thread close as no response."""
        if not self.state.awaits_answer or self.follow_ups_sent < MAX_FOLLOW_UPS:
            return None
        nudge = self.last(Event.FOLLOW_UP_SENT)
        assert nudge is not None
        return add_business_days(nudge.at, FOLLOW_UP_AFTER_BUSINESS_DAYS)

    def can(self, event: Event) -> bool:
        try:
            self._check(event)
        except InvalidTransition:
            return False
        return True

    def _check(self, event: Event) -> ThreadState:
        allowed, target = _RULES[event]
        if self.state not in allowed:
            where = ", ".join(s.value for s in allowed)
            raise InvalidTransition(
                f"cannot {_DOING[event]}: this thread is {self.state.value} "
                f"(allowed only when {where})"
            )
        if event is Event.PROBE_SENT and self.probes_sent >= MAX_PROBES:
            raise InvalidTransition(
                f"cannot send a probe: {MAX_PROBES} probes already sent on this thread; "
                "thank them and keep what you learned instead"
            )
        if event is Event.FOLLOW_UP_SENT and self.follow_ups_sent >= MAX_FOLLOW_UPS:
            raise InvalidTransition(
                "cannot send a follow-up: one was already sent; close the thread as no response"
            )
        if event is Event.NO_RESPONSE and self.follow_ups_sent < MAX_FOLLOW_UPS:
            raise InvalidTransition(
                "cannot close as no response before one follow-up has been sent"
            )
        return self.state if target is None else target

    def apply(
        self, event: Event, *, at: datetime, message_id: int | None = None, note: str = ""
    ) -> Transition:
        """Move the thread by ``event`` or raise InvalidTransition, leaving it unchanged."""
        target = self._check(event)
        if self.transitions and at < self.transitions[-1].at:
            raise InvalidTransition(
                f"cannot {_DOING[event]} at {at:%Y-%m-%d %H:%M}: "
                "that is before the thread's last step"
            )
        step = Transition(
            event=event.value,
            from_state=self.state.value,
            to_state=target.value,
            at=at,
            message_id=message_id,
            note=note,
        )
        self.transitions.append(step)
        self.state = target
        return step


def reply_event(category: str) -> Event:
    """The thread event for a judged reply category."""
    return {
        "actionable": Event.ACTIONABLE_REPLY,
        "generic": Event.GENERIC_REPLY,
        "declined": Event.DECLINED_REPLY,
    }[category]
