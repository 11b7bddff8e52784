"""The feedback thread: one per rejected application, a small state machine.

    to_ask ──request──► asked ──generic──► generic ──probe──► probed ─┐
      │                   │  ▲                                        │
      │                   │  └──────── (a probe is a new ask) ◄───────┘
      │                   ├──declined──► declined ──close──► closed
      │                   ├──actionable──► actionable ──thank──► thanked
      │                   │                    └──pitch──► pitched ─┬─reconsidered─► reconsidered
      │                   │                                         └─not now─► not_now ─thank─►
      │                   └──(follow-up unanswered)──► no_response
      └──not worth asking──► closed

``asked``, ``probed`` and ``pitched`` wait for an answer. One follow-up nudge
per question awaited (the feedback request and the pitch each get one), at
most two probes. Each applied event is recorded with its time; a closed
thread refuses every further step with a sentence saying why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from nextround.domain.calendar import add_business_days
from nextround.domain.errors import InvalidTransition
from nextround.domain.model import Tone, Transition

MAX_PROBES = 2
MAX_FOLLOW_UPS = 1
SEND_WITHIN_BUSINESS_DAYS = 2
FOLLOW_UP_AFTER_BUSINESS_DAYS = 5
# a vague answer, concrete feedback, a refusal or "not now" each want the
# user's next step within this many business days, while it is fresh for both
ACT_WITHIN_BUSINESS_DAYS = 2


class ThreadState(StrEnum):
    TO_ASK = "to_ask"
    ASKED = "asked"
    GENERIC = "generic"
    PROBED = "probed"
    ACTIONABLE = "actionable"
    PITCHED = "pitched"
    RECONSIDERED = "reconsidered"
    NOT_NOW = "not_now"
    THANKED = "thanked"
    DECLINED = "declined"
    CLOSED = "closed"
    NO_RESPONSE = "no_response"

    @property
    def is_closed(self) -> bool:
        return self in CLOSED_STATES

    @property
    def awaits_answer(self) -> bool:
        return self in _WAITING


CLOSED_STATES = frozenset(
    {
        ThreadState.RECONSIDERED,
        ThreadState.THANKED,
        ThreadState.CLOSED,
        ThreadState.NO_RESPONSE,
    }
)


class Event(StrEnum):
    REQUEST_SENT = "request_sent"
    NOT_ASKING = "not_asking"
    FOLLOW_UP_SENT = "follow_up_sent"
    GENERIC_REPLY = "generic_reply"
    ACTIONABLE_REPLY = "actionable_reply"
    DECLINED_REPLY = "declined_reply"
    PROBE_SENT = "probe_sent"
    PITCHED = "pitched"
    RECONSIDERED = "reconsidered"
    NOT_NOW = "not_now"
    THANKED = "thanked"
    CLOSE_SENT = "close_sent"
    NO_RESPONSE = "no_response"


_WAITING = (ThreadState.ASKED, ThreadState.PROBED, ThreadState.PITCHED)
_WAITING_FEEDBACK = (ThreadState.ASKED, ThreadState.PROBED)

# event -> (states it may be applied in, state it leads to); None keeps the state
_RULES: dict[Event, tuple[tuple[ThreadState, ...], ThreadState | None]] = {
    Event.REQUEST_SENT: ((ThreadState.TO_ASK,), ThreadState.ASKED),
    Event.NOT_ASKING: ((ThreadState.TO_ASK,), ThreadState.CLOSED),
    Event.FOLLOW_UP_SENT: (_WAITING, None),
    Event.GENERIC_REPLY: (_WAITING_FEEDBACK, ThreadState.GENERIC),
    Event.ACTIONABLE_REPLY: (_WAITING_FEEDBACK, ThreadState.ACTIONABLE),
    Event.DECLINED_REPLY: (_WAITING_FEEDBACK, ThreadState.DECLINED),
    Event.PROBE_SENT: ((ThreadState.GENERIC,), ThreadState.PROBED),
    Event.PITCHED: ((ThreadState.ACTIONABLE,), ThreadState.PITCHED),
    Event.RECONSIDERED: ((ThreadState.PITCHED,), ThreadState.RECONSIDERED),
    Event.NOT_NOW: ((ThreadState.PITCHED,), ThreadState.NOT_NOW),
    # after a generic answer the user may also stop probing and thank them
    Event.THANKED: (
        (ThreadState.ACTIONABLE, ThreadState.GENERIC, ThreadState.NOT_NOW),
        ThreadState.THANKED,
    ),
    Event.CLOSE_SENT: ((ThreadState.DECLINED,), ThreadState.CLOSED),
    Event.NO_RESPONSE: (_WAITING, ThreadState.NO_RESPONSE),
}

_DOING = {
    Event.REQUEST_SENT: "mark the request as sent",
    Event.NOT_ASKING: "close it without asking",
    Event.FOLLOW_UP_SENT: "send a follow-up",
    Event.GENERIC_REPLY: "log a reply",
    Event.ACTIONABLE_REPLY: "log a reply",
    Event.DECLINED_REPLY: "log a reply",
    Event.PROBE_SENT: "send a probe",
    Event.PITCHED: "pitch again",
    Event.RECONSIDERED: "log their answer to your pitch",
    Event.NOT_NOW: "log their answer to your pitch",
    Event.THANKED: "send thanks and close",
    Event.CLOSE_SENT: "send a closing note",
    Event.NO_RESPONSE: "close as no response",
}

# what each state means, in words a person uses (CLI errors, the web, `next`)
STATE_WORDS: dict[ThreadState, str] = {
    ThreadState.TO_ASK: "not asked yet",
    ThreadState.ASKED: "asked, waiting for an answer",
    ThreadState.GENERIC: "answered vaguely",
    ThreadState.PROBED: "asked what in particular, waiting for an answer",
    ThreadState.ACTIONABLE: "gave concrete feedback",
    ThreadState.PITCHED: "you pitched again, waiting for their answer",
    ThreadState.RECONSIDERED: "closed: they reconsidered after your pitch",
    ThreadState.NOT_NOW: "they said not now to your pitch",
    ThreadState.THANKED: "closed: you thanked them",
    ThreadState.DECLINED: "they give no feedback",
    ThreadState.CLOSED: "closed",
    ThreadState.NO_RESPONSE: "closed: no response",
}


@dataclass(slots=True)
class FeedbackThread:
    """The feedback asked for after one rejection: its state and every step it took."""

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

    @property
    def follow_ups_for_question(self) -> int:
        """Nudges sent for the question now awaited: the pitch has its own one."""
        since = self.last(Event.PITCHED) if self.state is ThreadState.PITCHED else None
        return sum(
            1
            for t in self.transitions
            if t.event == Event.FOLLOW_UP_SENT and (since is None or t.at >= since.at)
        )

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
        t = self.last(Event.REQUEST_SENT, Event.PROBE_SENT, Event.PITCHED)
        return t.at if t else None

    @property
    def asked_on(self) -> Transition | None:
        """The step that asked the question now awaited (its message tells the channel)."""
        if not self.state.awaits_answer:
            return None
        return self.last(Event.REQUEST_SENT, Event.PROBE_SENT, Event.PITCHED)

    def send_by(self) -> datetime:
        """The method's advice: ask within two business days of the rejection."""
        return add_business_days(self.rejected_at, SEND_WITHIN_BUSINESS_DAYS)

    def act_by(self) -> datetime | None:
        """When the user's own next step is due, in a state that waits on the user."""
        if self.state is ThreadState.TO_ASK:
            return self.send_by()
        if self.state in _USER_MOVES and self.transitions:
            return add_business_days(self.transitions[-1].at, ACT_WITHIN_BUSINESS_DAYS)
        return None

    def follow_up_due(self) -> datetime | None:
        """When to nudge an unanswered question; None if a nudge is not allowed."""
        since = self.waiting_since
        if since is None or self.follow_ups_for_question >= MAX_FOLLOW_UPS:
            return None
        return add_business_days(since, FOLLOW_UP_AFTER_BUSINESS_DAYS)

    def close_due(self) -> datetime | None:
        """When an unanswered follow-up lets the thread close as no response."""
        if not self.state.awaits_answer or self.follow_ups_for_question < MAX_FOLLOW_UPS:
            return None
        nudge = self.last(Event.FOLLOW_UP_SENT)
        assert nudge is not None
        return add_business_days(nudge.at, FOLLOW_UP_AFTER_BUSINESS_DAYS)

    def closed_because(self) -> str:
        """Why a closed thread is closed, as one plain sentence."""
        last = self.transitions[-1] if self.transitions else None
        when = f" on {last.at.day} {last.at:%b}" if last else ""
        reasons = {
            ThreadState.RECONSIDERED: f"they reconsidered after your pitch{when}",
            ThreadState.THANKED: f"you thanked them{when}",
            ThreadState.NO_RESPONSE: f"the follow-up went unanswered and it was closed{when}",
        }
        if self.state is ThreadState.CLOSED:
            if last is not None and last.event == Event.NOT_ASKING:
                return f"you chose not to ask for feedback{when}"
            return f"they give no feedback and you closed it{when}"
        return reasons.get(self.state, self.state.value)

    def can(self, event: Event) -> bool:
        try:
            self._check(event)
        except InvalidTransition:
            return False
        return True

    def _check(self, event: Event) -> ThreadState:
        if self.state.is_closed:
            raise InvalidTransition(
                f"thread #{self.id} is closed ({self.closed_because()}); "
                "there is nothing more to do on it"
            )
        allowed, target = _RULES[event]
        if self.state not in allowed:
            raise InvalidTransition(
                f"cannot {_DOING[event]} now (the feedback on this application: "
                f"{STATE_WORDS[self.state]})"
            )
        if event is Event.PROBE_SENT and self.probes_sent >= MAX_PROBES:
            raise InvalidTransition(
                f"cannot send a probe: {MAX_PROBES} probes already sent on this thread; "
                "thank them and keep what you learned instead"
            )
        if event is Event.FOLLOW_UP_SENT and self.follow_ups_for_question >= MAX_FOLLOW_UPS:
            raise InvalidTransition(
                "cannot send a follow-up: one was already sent; close the thread as no response"
            )
        if event is Event.NO_RESPONSE and self.follow_ups_for_question < MAX_FOLLOW_UPS:
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


# states in which the next move is the user's, with a window to make it
_USER_MOVES = frozenset(
    {ThreadState.GENERIC, ThreadState.ACTIONABLE, ThreadState.DECLINED, ThreadState.NOT_NOW}
)


_TONE_NOTE = " tone"


def tone_note(tone: Tone) -> str:
    """The note a sent step keeps of the tone its draft was written in ("warm tone")."""
    return f"{tone.value}{_TONE_NOTE}"


def tone_of(step: Transition) -> Tone | None:
    """The tone a sent step was drafted in, when it was recorded."""
    word = step.note.removesuffix(_TONE_NOTE)
    if word == step.note:
        return None
    try:
        return Tone(word)
    except ValueError:
        return None


def reply_event(category: str) -> Event:
    """The thread event for a judged reply category."""
    return {
        "actionable": Event.ACTIONABLE_REPLY,
        "generic": Event.GENERIC_REPLY,
        "declined": Event.DECLINED_REPLY,
    }[category]
