"""The JSON API's request and response models (they make its OpenAPI schema).

Requests are checked here, at the edge: ids within the database's integer
range, dates within years a job search can have, text without NUL bytes or
lone surrogates. Responses are built from domain objects by ``of`` methods.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from nextround.domain.agenda import Action, ActionKind, Urgency
from nextround.domain.cohort import Cohort
from nextround.domain.drafts import Step
from nextround.domain.errors import InvalidInput
from nextround.domain.insights import Profile
from nextround.domain.model import (
    ApplicationStatus,
    Channel,
    Direction,
    EmailKind,
    LessonStatus,
    Message,
    MessageKind,
    Polarity,
    ReplyCategory,
    Tone,
    Vagueness,
)
from nextround.domain.stats import Stats, stats_dict
from nextround.domain.themes import Theme
from nextround.domain.thread import FeedbackThread, ThreadState
from nextround.services.feedback import DraftResult, PitchAnswer
from nextround.services.insights import Brief
from nextround.services.overview import ApplicationOverview
from nextround.services.views import judged
from nextround.services.when import check_when, parse_when

MAX_ID = 2**31 - 1
MAX_TEXT = 1_000_000
MAX_DRAFT = 20_000  # a draft to check is a message, not a book: checking costs per character


def _plain_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("text must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text must be valid Unicode (no lone surrogates)") from None
    return value


def _reasonable(value: datetime) -> datetime:
    """A time within years a job search can have, as local time without a zone."""
    try:
        return check_when(value, now=None, what="the time")
    except InvalidInput as err:
        raise ValueError(str(err)) from None


def _reasonable_day(value: date) -> date:
    _reasonable(datetime.combine(value, time(9, 0)))
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# an answer's id: a record not yet stored (no id) reads as 0, as the hand-written mappers had it
StoredId = Annotated[int, BeforeValidator(lambda value: 0 if value is None else value)]
# in the schema what _plain_text enforces: no NUL character (lone surrogates JSON cannot say)
PLAIN: dict[str, Any] = {"pattern": "^[^\\u0000]*$"}
Line = Annotated[str, Field(max_length=500, json_schema_extra=PLAIN), AfterValidator(_plain_text)]
Name = Annotated[
    str, Field(min_length=1, max_length=200, json_schema_extra=PLAIN), AfterValidator(_plain_text)
]
ShortText = Annotated[
    str, Field(max_length=2000, json_schema_extra=PLAIN), AfterValidator(_plain_text)
]
LongText = Annotated[
    str,
    Field(min_length=1, max_length=MAX_TEXT, json_schema_extra=PLAIN),
    AfterValidator(_plain_text),
]


def _written(value: object) -> object:
    """A date must come as text (ISO 8601): a number is not read as a Unix time."""
    if isinstance(value, int | float):
        raise ValueError("give the date as text, like 2026-11-20 or 2026-11-20T14:30")
    return value


def _typed_when(value: object) -> object:
    """Text is read as the CLI and the forms read it (services.when): "2026-11-20" is 09:00."""
    if not isinstance(value, str):
        return _written(value)
    try:
        return parse_when(value, what="the time")
    except InvalidInput as err:
        raise ValueError(str(err)) from None


_YEARS = r"^(19\d\d|2[01]\d\d|2200)-"  # the years services.when takes, 1900-2200
When = Annotated[
    datetime,
    BeforeValidator(_typed_when),
    AfterValidator(_reasonable),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": _YEARS}),
]
Day = Annotated[
    date,
    BeforeValidator(_written),
    AfterValidator(_reasonable_day),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _YEARS}),
]
# what the API answers: the user's local wall-clock time, without a zone (RFC 3339's
# date-time requires one, so the schema does not claim that format)
Stamp = Annotated[
    datetime,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$",
            "description": "Local time, ISO 8601 without a zone.",
            "examples": ["2026-11-16T14:00:00"],
        }
    ),
]
Rating = Annotated[int, Field(ge=1, le=5)]


class Out(BaseModel):
    """An answer read from the attributes of the same names (``XOut.model_validate(obj)``).

    An id not yet stored reads as 0, a tuple as a list; answers with a field
    computed from a method or a clock keep their own ``of``.
    """

    model_config = ConfigDict(from_attributes=True)


class In(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ErrorOut(BaseModel):
    detail: str = Field(description="What went wrong, in one line.")


class SessionOut(BaseModel):
    csrf_token: str = Field(description="Send it back as the header named in `header`.")
    header: str


class SignInIn(In):
    email: Annotated[str, Field(max_length=320, description="Your sign-in email.")]
    password: Annotated[str, Field(max_length=1000, description="Your password.")]


class SignInOut(BaseModel):
    email: str
    role: str = Field(description="student, coach or admin.")


class SignOutOut(BaseModel):
    signed_out: bool


class MeIn(In):
    name: Annotated[
        str,
        Field(min_length=1, max_length=120, json_schema_extra=PLAIN),
        AfterValidator(_plain_text),
    ]
    phone: Annotated[str, Field(max_length=40)] | None = Field(
        default=None, description="For voicemails and calls to leave; omitted: unchanged."
    )
    email: Annotated[str, Field(max_length=254)] | None = Field(
        default=None, description="Your email address; omitted: unchanged."
    )


class MeOut(BaseModel):
    name: str | None = Field(description="The name drafts are signed with; null until set.")
    phone: str = ""
    email: str = ""


# -- records -------------------------------------------------------------------------


class ApplicationIn(In):
    company: Name
    role: Name
    source: Annotated[
        str, Field(max_length=200, json_schema_extra=PLAIN), AfterValidator(_plain_text)
    ] = ""
    status: ApplicationStatus = ApplicationStatus.APPLIED
    applied_on: Day | None = None
    notes: ShortText = ""
    job_url: Annotated[str, Field(max_length=2000), AfterValidator(_plain_text)] = ""
    location: Annotated[str, Field(max_length=200), AfterValidator(_plain_text)] = ""
    salary: Annotated[str, Field(max_length=100), AfterValidator(_plain_text)] = ""


class ApplicationPatch(In):
    company: Name | None = None
    role: Name | None = None
    source: (
        Annotated[str, Field(max_length=200, json_schema_extra=PLAIN), AfterValidator(_plain_text)]
        | None
    ) = None
    status: ApplicationStatus | None = None
    notes: ShortText | None = None
    job_url: Annotated[str, Field(max_length=2000), AfterValidator(_plain_text)] | None = None
    location: Annotated[str, Field(max_length=200), AfterValidator(_plain_text)] | None = None
    salary: Annotated[str, Field(max_length=100), AfterValidator(_plain_text)] | None = None


class ApplicationOut(Out):
    id: StoredId
    company: str
    role: str
    source: str
    status: ApplicationStatus
    applied_on: Stamp | None
    created_at: Stamp | None
    updated_at: Stamp | None
    notes: str
    job_url: str = ""
    location: str = ""
    salary: str = ""


class ContactIn(In):
    name: Name
    company: Annotated[
        str, Field(max_length=200, json_schema_extra=PLAIN), AfterValidator(_plain_text)
    ] = ""
    title: Annotated[
        str, Field(max_length=200, json_schema_extra=PLAIN), AfterValidator(_plain_text)
    ] = ""
    email: Annotated[
        str, Field(max_length=320, json_schema_extra=PLAIN), AfterValidator(_plain_text)
    ] = ""
    phone: Annotated[
        str, Field(max_length=64, json_schema_extra=PLAIN), AfterValidator(_plain_text)
    ] = ""
    linkedin: Annotated[
        str, Field(max_length=400, json_schema_extra=PLAIN), AfterValidator(_plain_text)
    ] = ""


class ContactOut(Out):
    id: StoredId
    name: str
    company: str
    title: str
    email: str
    phone: str
    linkedin: str


class InterviewIn(In):
    stage: Annotated[
        str,
        Field(min_length=1, max_length=100, json_schema_extra=PLAIN),
        AfterValidator(_plain_text),
    ]
    when: When
    contact_ids: Annotated[list[Id], Field(max_length=20)] = []
    talking_points: Annotated[list[Line], Field(max_length=20)] = []
    notes: ShortText = ""
    self_assessment: dict[Theme, Rating] = {}


class InterviewOut(Out):
    id: StoredId
    application_id: int
    stage: str
    when: Stamp
    contact_ids: list[int]
    talking_points: list[str]
    notes: str
    self_assessment: dict[str, int]


class MessageOut(BaseModel):
    id: int
    application_id: int | None
    thread_id: int | None
    direction: Direction
    kind: MessageKind
    channel: Channel
    at: Stamp
    subject: str
    text: str
    analysis: dict[str, Any] | None = Field(description="The machine's judgement, if judged.")
    correction: dict[str, Any] | None = Field(description="What the user corrected in it.")
    judgement: dict[str, Any] | None = Field(description="The analysis with corrections over it.")

    @classmethod
    def of(cls, m: Message) -> Self:
        return cls(
            id=m.id or 0,
            application_id=m.application_id,
            thread_id=m.thread_id,
            direction=m.direction,
            kind=m.kind,
            channel=m.channel,
            at=m.at,
            subject=m.subject,
            text=m.text,
            analysis=m.analysis,
            correction=m.correction,
            judgement=judged(m) if m.analysis else None,
        )


class StepOut(Out):
    event: str
    from_state: str
    to_state: str
    at: Stamp
    message_id: int | None
    note: str


class ThreadOut(BaseModel):
    id: int
    application_id: int
    state: ThreadState
    after_interview: bool | None
    rejected_at: Stamp
    send_by: Stamp
    follow_up_due: Stamp | None
    probes_sent: int
    follow_ups_sent: int
    transitions: list[StepOut]

    @classmethod
    def of(cls, t: FeedbackThread) -> Self:
        return cls(
            id=t.id or 0,
            application_id=t.application_id,
            state=t.state,
            after_interview=t.after_interview,
            rejected_at=t.rejected_at,
            send_by=t.send_by(),
            follow_up_due=t.follow_up_due(),
            probes_sent=t.probes_sent,
            follow_ups_sent=t.follow_ups_sent,
            transitions=[StepOut.model_validate(s) for s in t.transitions],
        )


class ApplicationDetailOut(BaseModel):
    application: ApplicationOut
    interviews: list[InterviewOut]
    contacts: list[ContactOut]
    messages: list[MessageOut]
    thread: ThreadOut | None

    @classmethod
    def of(cls, view: ApplicationOverview) -> ApplicationDetailOut:
        return cls(
            application=ApplicationOut.model_validate(view.application),
            interviews=[InterviewOut.model_validate(i) for i in view.interviews],
            contacts=[ContactOut.model_validate(c) for c in view.contacts],
            messages=[MessageOut.of(m) for m in view.messages],
            thread=ThreadOut.of(view.thread) if view.thread else None,
        )


# -- the loop ------------------------------------------------------------------------


class RejectionIn(In):
    text: LongText
    subject: Annotated[
        str, Field(max_length=500, json_schema_extra=PLAIN), AfterValidator(_plain_text)
    ] = ""
    received_at: When | None = Field(default=None, description="Default: now.")
    contact_id: Id | None = None
    anyway: bool = Field(default=False, description="Record it even if it does not read like one.")


class RejectionOut(BaseModel):
    application_id: int
    thread_id: int
    message_id: int
    judgement: dict[str, Any]
    after_interview: bool | None
    send_by: Stamp


class LintOut(Out):
    ok: bool
    score: int
    present: list[str]
    missing: list[str]
    flags: list[str]
    details: list[str] = Field(description="One line of advice per finding.")


class DraftTextOut(Out):
    step: Step
    channel: Channel
    tone: Tone
    subject: str | None
    body: str


class DraftOut(DraftTextOut):
    thread_id: int
    lint: LintOut
    send_by: Stamp | None
    follow_up_on: Stamp | None

    @classmethod
    def of_result(cls, r: DraftResult) -> Self:
        d = r.draft
        return cls(
            thread_id=r.thread.id or 0,
            step=d.step,
            channel=d.channel,
            tone=d.tone,
            subject=d.subject,
            body=d.body,
            lint=LintOut.model_validate(r.lint),
            send_by=r.send_by,
            follow_up_on=r.follow_up_on,
        )


class SentIn(In):
    step: Step
    channel: Channel = Channel.EMAIL
    text: LongText
    subject: Annotated[
        str, Field(max_length=500, json_schema_extra=PLAIN), AfterValidator(_plain_text)
    ] = ""
    at: When | None = Field(default=None, description="When it was sent; default: now.")
    tone: Tone | None = Field(default=None, description="The tone it was drafted in, if known.")


class ReplyIn(In):
    text: LongText
    channel: Channel = Channel.EMAIL
    at: When | None = Field(default=None, description="When it came; default: now.")
    category: ReplyCategory | None = Field(
        default=None, description="Overrule the judgement; kept as a correction."
    )


class PitchAnswerIn(In):
    outcome: PitchAnswer = Field(description="reconsidered or not_now.")
    text: Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(_plain_text)] = ""
    channel: Channel = Channel.EMAIL
    at: When | None = Field(default=None, description="When it came; default: now.")


class ReplyOut(BaseModel):
    thread: ThreadOut
    message: MessageOut


class ThreadLintIn(In):
    text: Annotated[
        str, Field(max_length=MAX_DRAFT, json_schema_extra=PLAIN), AfterValidator(_plain_text)
    ]
    subject: Annotated[
        str, Field(max_length=500, json_schema_extra=PLAIN), AfterValidator(_plain_text)
    ] = ""
    step: Step = Step.REQUEST
    channel: Channel = Channel.EMAIL


class LintIn(In):
    text: Annotated[
        str, Field(max_length=MAX_DRAFT, json_schema_extra=PLAIN), AfterValidator(_plain_text)
    ]
    step: Step = Step.REQUEST
    channel: Channel | None = None
    talking_points: Annotated[list[Line], Field(max_length=20)] = []


class CorrectionIn(In):
    """What is right about a judged message; only the fields given are stored.

    A reply takes ``category``, ``themes`` (naming themes means it is actionable,
    unless ``category`` says otherwise) and ``vagueness``; an email takes
    ``kind``, ``after_interview`` (null: cannot tell) and ``gives_reason``.
    Each correction is kept beside the machine's guess and is a label the
    personal model learns from.
    """

    category: ReplyCategory | None = None
    themes: Annotated[list[Theme], Field(max_length=10)] | None = None
    vagueness: Vagueness | None = None
    kind: EmailKind | None = None
    after_interview: bool | None = None
    gives_reason: bool | None = None

    def fields(self) -> dict[str, str]:
        """The correction as the correction service takes it (words, as typed)."""
        given = self.model_dump(mode="json", exclude_unset=True)
        out: dict[str, str] = {}
        for key, value in given.items():
            if key == "themes":
                out[key] = " ".join(value or [])
            elif isinstance(value, bool) or value is None:
                if value is None and key != "after_interview":
                    continue
                out[key] = {True: "yes", False: "no", None: "unknown"}[value]
            else:
                out[key] = str(value)
        return out


# -- lessons and insight -------------------------------------------------------------


class LessonIn(In):
    theme: Theme
    polarity: Polarity = Polarity.WEAKNESS
    statement: Annotated[
        str,
        Field(min_length=1, max_length=2000, json_schema_extra=PLAIN),
        AfterValidator(_plain_text),
    ]
    evidence: ShortText = ""
    application_id: Id | None = None
    actions: Annotated[list[Line], Field(max_length=20)] = []


class LessonPatch(In):
    theme: Theme | None = None
    polarity: Polarity | None = None
    statement: (
        Annotated[
            str,
            Field(min_length=1, max_length=2000, json_schema_extra=PLAIN),
            AfterValidator(_plain_text),
        ]
        | None
    ) = None
    status: LessonStatus | None = None
    add_actions: Annotated[list[Line], Field(max_length=20)] = []


class KeepIn(In):
    theme: Theme | None = Field(default=None, description="Keep one lesson on this theme.")
    polarity: Polarity | None = None
    statement: (
        Annotated[
            str,
            Field(min_length=1, max_length=2000, json_schema_extra=PLAIN),
            AfterValidator(_plain_text),
        ]
        | None
    ) = None
    evidence: ShortText | None = Field(default=None, description="Quoted from the reply.")


class LessonOut(Out):
    id: StoredId
    theme: Theme
    polarity: Polarity
    statement: str
    status: LessonStatus
    evidence: str
    application_id: int | None
    message_id: int | None
    actions: list[str]
    created_at: Stamp | None
    raised_by: int = Field(default=1, description="How many replies raised this point.")
    last_raised: Stamp | None = None


class ThemeStandingOut(Out):
    theme: Theme
    strengths: int
    weaknesses: int
    open_weaknesses: int
    self_rating: float | None
    evidence: list[str]


class ChannelRateOut(BaseModel):
    channel: str
    asked: int
    answered: int
    rate: float


class ProfileOut(BaseModel):
    themes: list[ThemeStandingOut]
    blind_spots: list[Theme]
    channels: list[ChannelRateOut]
    lessons: int

    @classmethod
    def of(cls, p: Profile) -> Self:
        return cls(
            themes=[ThemeStandingOut.model_validate(s) for s in p.themes],
            blind_spots=[s.theme for s in p.blind_spots],
            channels=[
                ChannelRateOut(
                    channel=c.channel, asked=c.asked, answered=c.answered, rate=round(c.rate, 3)
                )
                for c in p.channels
            ],
            lessons=p.lessons,
        )


class BriefOut(BaseModel):
    application: ApplicationOut
    interview: InterviewOut | None
    interviewers: list[str]
    apply: list[LessonOut]
    strengths: list[LessonOut]
    company_said: list[MessageOut]
    earlier_talking_points: list[str]
    talking_points: list[str] = Field(default=[], description="This interview's own.")

    @classmethod
    def of(cls, b: Brief) -> Self:
        return cls(
            application=ApplicationOut.model_validate(b.application),
            interview=InterviewOut.model_validate(b.interview) if b.interview else None,
            interviewers=list(b.interviewers),
            apply=[LessonOut.model_validate(lesson) for lesson in b.to_apply],
            strengths=[LessonOut.model_validate(lesson) for lesson in b.strengths],
            company_said=[MessageOut.of(m) for m in b.company_said],
            earlier_talking_points=list(b.earlier_talking_points),
            talking_points=list(b.talking_points),
        )


class ActionOut(BaseModel):
    kind: ActionKind
    due: Stamp
    overdue: bool
    urgency: Urgency = Field(description="overdue, due (today), soon (two days) or later.")
    application_id: int
    company: str
    role: str
    summary: str
    thread_id: int | None
    interview_id: int | None
    optional: bool
    page: str = Field(description="The web page where this is done.")

    @classmethod
    def of(cls, a: Action, *, now: datetime, page: str) -> Self:
        return cls(
            kind=a.kind,
            due=a.due,
            overdue=a.overdue(now),
            urgency=a.urgency(now),
            application_id=a.application_id,
            company=a.company,
            role=a.role,
            summary=a.summary,
            thread_id=a.thread_id,
            interview_id=a.interview_id,
            optional=a.optional,
            page=page,
        )


# -- coaches, with consent --------------------------------------------------------------


class CoachOut(BaseModel):
    id: int
    email: str


class ShareIn(In):
    coach_email: Annotated[
        str, Field(min_length=3, max_length=320, description="The coach's email address.")
    ]


class ShareOut(BaseModel):
    coach: CoachOut
    since: Stamp


class StudentOut(BaseModel):
    id: int
    email: str
    since: Stamp = Field(description="When they shared their work with you.")


class StudentDashboardOut(BaseModel):
    student: StudentOut
    open_threads: list[ThreadOut]
    due: list[ActionOut] = Field(description="Steps due today or overdue.")
    lessons: list[LessonOut]
    profile: ProfileOut


class CohortThemeOut(BaseModel):
    theme: Theme
    students: int = Field(description="Students who had this theme raised as a weakness.")
    weaknesses: int = Field(description="Lessons to work on in this theme, across the cohort.")
    open_weaknesses: int = Field(description="Of those, the ones not resolved yet.")
    strengths: int = Field(description="Strengths kept in this theme, across the cohort.")


class CohortOut(BaseModel):
    """Counts only: no student is named and no text is quoted."""

    students: int = Field(description="Students in the cohort.")
    themes: list[CohortThemeOut] = Field(description="The themes raised most first.")

    @classmethod
    def of(cls, c: Cohort) -> Self:
        return cls(
            students=c.students,
            themes=[
                CohortThemeOut(
                    theme=t.theme,
                    students=t.students,
                    weaknesses=t.weaknesses,
                    open_weaknesses=t.open_weaknesses,
                    strengths=t.strengths,
                )
                for t in c.themes
            ],
        )


class CommentIn(In):
    text: Annotated[
        str,
        Field(min_length=1, max_length=2000, json_schema_extra=PLAIN),
        AfterValidator(_plain_text),
    ]


class CommentOut(BaseModel):
    id: int
    lesson_id: int
    coach_email: str
    text: str
    at: Stamp


class DraftCommentIn(CommentIn):
    step: Step = Field(description="Which draft of the thread the comment is about.")


class DraftCommentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    thread_id: int
    step: Step
    coach_email: str
    text: str
    at: Stamp


# -- your numbers (`stats --json`) ---------------------------------------------------


class FunnelOut(BaseModel):
    applications: int = Field(description="Applied for (a job only saved is not counted).")
    applications_interviewed: int = Field(
        description="Applications with an interview on file, or whose status reached "
        "interviewing or offer."
    )
    interviews: int = Field(
        description="Interviews on file, plus one for each application interviewed by its "
        "status alone."
    )
    rejected_at_screening: int
    rejected_after_interview: int
    feedback_asked: int
    answered: int
    concrete: int
    lessons_kept: int
    pitches: int
    interview_or_offer_after_pitch: int


class AnswerGroupOut(BaseModel):
    key: str = Field(description="A channel, a tone, or delay_0..2 (how soon you asked).")
    label: str
    asked: int
    answered: int
    rate: float | None = Field(description="answered / asked; null when too few to compare.")
    enough_to_compare: bool
    median_days_to_answer: float | None
    words: str = Field(description='In words: "2 of 3, too few to compare".')


class AnswersOut(BaseModel):
    by_channel: list[AnswerGroupOut]
    by_tone: list[AnswerGroupOut]
    by_delay: list[AnswerGroupOut]


class ThemeMonthOut(BaseModel):
    month: str = Field(description="YYYY-MM")
    themes: dict[str, int] = Field(description="Each theme raised that month, how often.")


class WeekOut(BaseModel):
    week: date = Field(description="Its Monday.")
    applications: int
    interviews: int


class ReadingsOut(BaseModel):
    """One sentence per figure, as the Progress page says it."""

    funnel: str
    by_channel: str
    by_tone: str
    by_delay: str
    themes: str
    weekly: str


class StatsOut(BaseModel):
    """Your numbers: what `nextround stats --json` prints."""

    since: date | None
    min_sample: int = Field(description="Fewer requests than this get counts, not a rate.")
    funnel: FunnelOut
    answers: AnswersOut
    themes_over_time: list[ThemeMonthOut]
    weekly: list[WeekOut]
    readings: ReadingsOut

    @classmethod
    def of(cls, stats: Stats) -> Self:
        return cls.model_validate(stats_dict(stats))


class FeedOut(BaseModel):
    """Whether your calendar feed is on (its token is never shown again)."""

    on: bool
    was_on: bool | None = Field(
        default=None, description="On turning it off: whether there was one."
    )


class FeedTokenOut(BaseModel):
    """A new calendar feed: the address to subscribe to, shown only now."""

    token: str
    path: str = Field(description="Subscribe to this address on this server: /calendar/<token>.ics")
