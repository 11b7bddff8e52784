"""The domain model: plain dataclasses and enums, no persistence."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from nextround.domain.themes import Theme


class ApplicationStatus(StrEnum):
    """Where an application stands; ``saved`` is a job kept to apply for, not yet applied."""

    SAVED = "saved"
    APPLIED = "applied"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Channel(StrEnum):
    CALL = "call"
    EMAIL = "email"
    LINKEDIN = "linkedin"
    VOICEMAIL = "voicemail"


class Tone(StrEnum):
    WARM = "warm"
    CONCISE = "concise"
    FORMAL = "formal"


class Direction(StrEnum):
    RECEIVED = "received"
    SENT = "sent"


class MessageKind(StrEnum):
    """What a stored message is, from the user's side of the loop."""

    REJECTION = "rejection"
    REPLY = "reply"
    REQUEST = "request"
    FOLLOW_UP = "follow_up"
    PROBE = "probe"
    CLOSE = "close"
    PITCH = "pitch"
    PITCH_ANSWER = "pitch_answer"  # what they said to a re-pitch
    THANKS = "thanks"
    OTHER = "other"


class EmailKind(StrEnum):
    REJECTION = "rejection"
    INVITE = "invite"
    CONFIRMATION = "confirmation"
    OFFER = "offer"
    ALERT = "alert"
    OUTREACH = "outreach"
    OTHER = "other"


class ReplyCategory(StrEnum):
    ACTIONABLE = "actionable"
    GENERIC = "generic"
    DECLINED = "declined"


class Vagueness(StrEnum):
    """The kind of vagueness in a generic reply; it picks the probe."""

    EXPERIENCE = "experience"
    FIT = "fit"
    COMPETITION = "competition"
    SKILLS = "skills"
    CULTURE = "culture"
    POSITIVE = "positive"
    OTHER = "other"


class Polarity(StrEnum):
    STRENGTH = "strength"
    WEAKNESS = "weakness"


class LessonStatus(StrEnum):
    """A weakness moves open -> practising -> resolved; a strength is simply kept."""

    OPEN = "open"
    PRACTISING = "practising"
    RESOLVED = "resolved"
    KEPT = "kept"  # a strength: nothing to fix, something to lean on

    @classmethod
    def for_weakness(cls) -> tuple[LessonStatus, ...]:
        return (cls.OPEN, cls.PRACTISING, cls.RESOLVED)


@dataclass(frozen=True, slots=True)
class EmailJudgement:
    """What the analysis made of an email: its kind and, for a rejection, whether it came
    after an interview and gives a reason."""

    kind: EmailKind
    is_rejection: bool
    after_interview: bool | None
    gives_reason: bool
    reason: str | None
    company: str | None
    role: str | None
    person: str | None
    confidence: float


@dataclass(frozen=True, slots=True)
class EvidenceNote:
    """One evidence sentence: the themes it speaks to, and whether it praises."""

    sentence: str
    themes: tuple[Theme, ...]
    strength: bool


@dataclass(frozen=True, slots=True)
class ReplyJudgement:
    """What the analysis made of a reply to a feedback request: category, themes, evidence."""

    category: ReplyCategory
    themes: tuple[Theme, ...]
    evidence: tuple[str, ...]
    vagueness: Vagueness | None
    probe: str | None
    confidence: float
    notes: tuple[EvidenceNote, ...] = ()

    @property
    def actionable(self) -> bool:
        return self.category is ReplyCategory.ACTIONABLE


@dataclass(slots=True)
class Contact:
    """A person at a company: an interviewer, a recruiter."""

    id: int | None
    name: str
    company: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    linkedin: str = ""


@dataclass(slots=True)
class Application:
    """One job applied for (or saved, not yet applied for), and where it stands."""

    id: int | None
    company: str
    role: str
    source: str = ""
    status: ApplicationStatus = ApplicationStatus.APPLIED
    applied_on: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    notes: str = ""
    job_url: str = ""
    location: str = ""
    salary: str = ""  # as the advert or the user put it: "£55-60k", "EUR 70,000"


@dataclass(slots=True)
class Interview:
    """One round of an application: when, with whom, what was talked about."""

    id: int | None
    application_id: int
    stage: str
    when: datetime
    contact_ids: list[int] = field(default_factory=list)
    talking_points: list[str] = field(default_factory=list)
    notes: str = ""
    self_assessment: dict[Theme, int] = field(default_factory=dict)


@dataclass(slots=True)
class Message:
    """Anything received or sent (email, call notes, LinkedIn, voicemail), with its analysis."""

    id: int | None
    application_id: int | None
    direction: Direction
    kind: MessageKind
    channel: Channel
    text: str
    at: datetime
    subject: str = ""
    contact_id: int | None = None
    thread_id: int | None = None
    analysis: dict[str, object] | None = None
    correction: dict[str, object] | None = None


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One move of an application's status; ``from_status`` is None for where it started."""

    at: datetime
    to_status: ApplicationStatus
    from_status: ApplicationStatus | None = None


@dataclass(frozen=True, slots=True)
class Transition:
    """One step of a feedback thread's state machine, with its time."""

    event: str
    from_state: str
    to_state: str
    at: datetime
    message_id: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Sighting:
    """One time a point was raised: by which reply, on which application, in their words."""

    message_id: int | None
    application_id: int | None
    evidence: str
    at: datetime


@dataclass(slots=True)
class Lesson:
    """One feedback point: a statement in the user's voice, the words that raised it (once
    per reply), and, for a weakness, where the user stands with it."""

    id: int | None
    theme: Theme
    polarity: Polarity
    statement: str
    status: LessonStatus = LessonStatus.OPEN
    application_id: int | None = None
    message_id: int | None = None
    evidence: str = ""
    actions: list[str] = field(default_factory=list)
    created_at: datetime | None = None
    sightings: list[Sighting] = field(default_factory=list)

    @property
    def raised_by(self) -> int:
        """How many replies raised it (at least one: the lesson came from somewhere)."""
        return max(1, len({s.message_id or id(s) for s in self.sightings}))

    @property
    def last_raised(self) -> datetime | None:
        return max((s.at for s in self.sightings), default=self.created_at)
