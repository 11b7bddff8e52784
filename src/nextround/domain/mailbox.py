"""Mail ingestion, the pure part: accounts, the ledger and the inbox.

Every message read from a source gets one ledger row, keyed by where it came
from (source, folder, UIDVALIDITY and UID for IMAP; Message-ID, a content hash
or the Maildir key for files). The row's status says what became of it:

    filed    linked to its application (a rejection, a reply, an invite...)
    inbox    waiting in `nextround inbox` for the user to confirm or correct
    skipped  not about an application, a duplicate, or nothing to read
    failed   could not be read; the error says why

Nothing here touches a database, a mailbox or the network. Linking a message
to its application is ``mail.linking``; reading an invitation's time is
``analysis.invitations``; the job-mail gate is ``analysis.gate``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from nextround.domain.certainty import CHECK_BELOW

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
