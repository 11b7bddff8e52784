"""Mail ingestion, the pure part: accounts, the ledger, the inbox, and filing rules.

Every message read from a source gets one ledger row, keyed by where it came
from (source, folder, UIDVALIDITY and UID for IMAP; Message-ID, a content hash
or the Maildir key for files). The row's status says what became of it:

    filed    linked to its application (a rejection, a reply, an invite...)
    inbox    waiting in `nextround inbox` for the user to confirm or correct
    skipped  not about an application, a duplicate, or nothing to read
    failed   could not be read; the error says why

Nothing here touches a database, a mailbox or the network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from nextround.domain.certainty import CHECK_BELOW
from nextround.domain.patterns import faster, folded

UNSURE_BELOW = CHECK_BELOW
"""A judgement less confident than this waits in the inbox instead of being filed."""


class LedgerStatus(StrEnum):
    FILED = "filed"
    INBOX = "inbox"
    SKIPPED = "skipped"
    FAILED = "failed"


class Security(StrEnum):
    TLS = "tls"
    STARTTLS = "starttls"


class SignIn(StrEnum):
    """How an account signs in: a password, or OAuth2 (SASL XOAUTH2) with a provider."""

    PASSWORD = "password"
    MICROSOFT = "microsoft"
    GOOGLE = "google"

    @property
    def oauth(self) -> bool:
        return self is not SignIn.PASSWORD


@dataclass(slots=True)
class MailAccount:
    """An IMAP account; its password lives in the keyring, a variable or a prompt."""

    id: int | None
    name: str
    host: str
    username: str
    port: int = 993
    security: Security = Security.TLS
    folders: list[str] = field(default_factory=lambda: ["INBOX"])
    drafts_folder: str = ""
    since: date | None = None
    address: str = ""
    ca_file: str = ""
    password_in_keyring: bool = False
    created_at: datetime | None = None
    sign_in: SignIn = SignIn.PASSWORD

    @property
    def source(self) -> str:
        """The ledger's name for this account."""
        return f"imap:{self.name}"

    @property
    def from_address(self) -> str:
        return self.address or (self.username if "@" in self.username else "")


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    id: int | None
    source: str
    folder: str
    item_key: str
    status: LedgerStatus
    message_key: str = ""
    uidvalidity: int | None = None
    uid: int | None = None
    error: str = ""
    message_id: int | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class StoredMail:
    """The mail side of a stored message (the raw bytes are fetched apart)."""

    message_id: int
    header_id: str = ""
    in_reply_to: str = ""
    refs: str = ""
    sender: str = ""
    sender_name: str = ""
    quoted: str = ""
    signature: str = ""
    attachments: tuple[dict[str, object], ...] = ()
    suggestion: dict[str, object] | None = None
    raw_complete: bool = True


@dataclass(frozen=True, slots=True)
class InboxItem:
    """A message waiting for the user: the guess, and what filing it would do."""

    ledger_id: int
    message_id: int
    received_at: datetime
    sender: str
    subject: str
    text: str
    guess: str
    confidence: float
    reason: str
    application_id: int | None
    thread_id: int | None


@dataclass(frozen=True, slots=True)
class Problem:
    """One entry of an import's summary that is not a plain success."""

    where: str
    status: LedgerStatus
    detail: str


@dataclass(slots=True)
class ImportSummary:
    read: int = 0
    filed: int = 0
    inbox: int = 0
    skipped: int = 0
    failed: int = 0
    already: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def count(self, status: LedgerStatus) -> None:
        self.read += 1
        match status:
            case LedgerStatus.FILED:
                self.filed += 1
            case LedgerStatus.INBOX:
                self.inbox += 1
            case LedgerStatus.SKIPPED:
                self.skipped += 1
            case LedgerStatus.FAILED:
                self.failed += 1

    def add(self, other: ImportSummary) -> None:
        self.read += other.read
        self.filed += other.filed
        self.inbox += other.inbox
        self.skipped += other.skipped
        self.failed += other.failed
        self.already += other.already
        self.problems += other.problems
        self.notes += other.notes
        self.errors += other.errors

    def to_json(self) -> dict[str, object]:
        def rows(items: list[Problem]) -> list[dict[str, str]]:
            return [{"where": p.where, "status": p.status.value, "detail": p.detail} for p in items]

        return {
            "read": self.read,
            "filed": self.filed,
            "inbox": self.inbox,
            "skipped": self.skipped,
            "failed": self.failed,
            "already_imported": self.already,
            "problems": rows(self.problems),
            "notes": rows(self.notes),
            "errors": list(self.errors),
        }


def address_domain(address: str) -> str:
    """``dana@Northwind.example.`` -> ``northwind.example``; "" when there is no ``@``."""
    return address.rpartition("@")[2].strip().lower().rstrip(".") if "@" in address else ""


# --- reading an invitation ---------------------------------------------------------

# month names and their usual short forms, lowercase, to the month's number
MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for m in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_TIME = (
    r"(?:,?\s*(?:at|@|from)?\s*(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?"
    r"\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?(?![\d/]))?"
)
_YEAR = r"(?:,?\s+(?P<year>20\d\d))?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    re.compile(
        r"\b(?P<year>20\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)(?:[ T](?P<hour>\d\d):(?P<minute>\d\d))?"
    ),
    re.compile(r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + _YEAR + _TIME, re.IGNORECASE),
    re.compile(r"\b" + _MONTH + r"\s+" + _DAY + _YEAR + _TIME, re.IGNORECASE),
)
_STAGES = (
    ("final", "final interview"),
    ("onsite", "onsite interview"),
    ("on-site", "onsite interview"),
    ("panel", "panel interview"),
    ("technical", "technical interview"),
    ("case", "case interview"),
    ("phone screen", "phone screen"),
    ("screening call", "phone screen"),
    ("second round", "second round"),
    ("first round", "first round"),
)


def invite_stage(text: str) -> str:
    low = text.casefold()
    for cue, stage in _STAGES:
        if cue in low:
            return stage
    return "interview"


def invite_time(text: str, *, received: datetime) -> datetime | None:
    """The interview time an invitation names, if it names one on or after ``received``."""
    for pattern in _DATE_PATTERNS:
        for found in pattern.finditer(text[:5000]):
            when = _to_datetime(found, received=received)
            if when is not None and when.date() >= received.date():
                return when
    return None


def _to_datetime(found: re.Match[str], *, received: datetime) -> datetime | None:
    parts = found.groupdict()
    month = int(parts["mnum"]) if parts.get("mnum") else MONTHS[parts["month"].lower()]
    year = int(parts["year"]) if parts.get("year") else received.year
    hour = int(parts["hour"]) if parts.get("hour") else 9
    minute = int(parts["minute"]) if parts.get("minute") else 0
    ampm = (parts.get("ampm") or "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        when = datetime(year, month, int(parts["day"]), hour, minute)
    except ValueError:
        return None
    if not parts.get("year") and (received - when).days > 180:
        try:  # "5 January" written in December
            when = when.replace(year=year + 1)
        except ValueError:
            return None
    return when


# --- is it job mail at all? ----------------------------------------------------------

_JOB_WORDS = re.compile(
    faster(
        r"applica|interview|candida|position|recruit|hiring|\bhire\b|\bjob|\brole\b|vacanc|"
        r"career|talent|resum|\bcvs?\b|\boffer|opportunit|feedback|bewerb|candidat|entretien|"
        r"stelle|poste|"
        # the decision itself, as people write it without any of the words above
        r"unsuccessful|another (?:way|direction)|(?:gone|going|go|went) with (?:someone|another|"
        r"his|her|their|a different|an internal)|someone else|(?:move|moving|taking it|take it|"
        r"take this|taking this) (?:any )?(?:forward|further)|\bfilled\b|put you forward|"
        r"no luck|decided (?:not|to go)|(?:won't|will not|not) be taking on|(?:first|second|third|"
        r"final|next|technical|design|onsite) (?:round|stage)|\bappointment\b|"
        # the work itself, for shift, agency and freelance work
        r"\bshifts?\b|\blocum|freelanc|contract of employment|\btrial\b|start (?:on )?(?:mon|tue|"
        r"wed|thu|fri|sat|sun)|welcome aboard|assessment|\bbookings?\b|your profile|"
        # an agency's voice: "it's a no from the client", "Medilink Staffing"
        r"staffing|(?:the|our|my|end) client\b|"
        # a hiring manager's own note after a chat, a trial or a take-home
        r"take-?home|case study|(?:enjoyed|great|lovely|nice) (?:meeting|speaking|chatting|"
        r"to meet|our (?:chat|conversation|call|coffee))|(?:right|a) (?:fit|match)\b|"
        r"(?:moving|move) ahead|taking (?:things|anyone|anybody|people) (?:further|on)\b|"
        r"going to pass|stop here|accepted (?:as|onto|on to|into)\b|through to the|"
        r"\bapplying\b|needs? someone (?:with|who)|looking for (?:people|someone|somebody) "
        r"(?:who|with)|bring (?:on|in) (?:a|an|another|someone)\b|close the loop"
    )
)


def looks_like_job_mail(subject: str, text: str) -> bool:
    """A cheap gate before judging: job mail uses one of these words near the top.

    The words cover the job vocabulary and the ways people write a decision or a
    shift without it ("we've gone another way", "not moving forward"); a test
    checks that every rejection, invitation and offer in the corpus passes.
    """
    # lower-cased once, the pattern runs without IGNORECASE: several times faster
    return bool(_JOB_WORDS.search(folded(subject)) or _JOB_WORDS.search(folded(text[:3000])))
