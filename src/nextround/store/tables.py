"""The schema. Changing it means a new Alembic revision in migrations/versions/."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class MetaRow(Base):
    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ApplicationRow(Base):
    __tablename__ = "applications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # the user it belongs to on a multi-user server; NULL: the one local user (0006)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    company: Mapped[str] = mapped_column(String(200), index=True)
    role: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), index=True)
    applied_on: Mapped[datetime | None] = mapped_column(DateTime)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # the job advert, where and for how much (migration 0004)
    job_url: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    salary: Mapped[str] = mapped_column(String(100), default="")


class StatusChangeRow(Base):
    """One move of an application's status, with when it happened (migration 0006)."""

    __tablename__ = "status_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(DateTime)
    from_status: Mapped[str] = mapped_column(String(20), default="")  # "" where it started
    to_status: Mapped[str] = mapped_column(String(20))


class ImportKeyRow(Base):
    """Which row of which tracker an application came from: re-importing adds nothing (0006)."""

    __tablename__ = "import_keys"
    key: Mapped[str] = mapped_column(String(500), primary_key=True)
    # the user it belongs to on a multi-user server; NULL: the one local user (0012)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )


class ContactRow(Base):
    __tablename__ = "contacts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # the user it belongs to on a multi-user server; NULL: the one local user (0006)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    company: Mapped[str] = mapped_column(String(200), default="", index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    linkedin: Mapped[str] = mapped_column(String(400), default="")


class InterviewRow(Base):
    __tablename__ = "interviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # the user it belongs to on a multi-user server; NULL: the one local user (0006)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    talking_points: Mapped[list[Any]] = mapped_column(default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    self_assessment: Mapped[dict[str, Any]] = mapped_column(default=dict)


class InterviewContactRow(Base):
    __tablename__ = "interview_contacts"
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class ThreadRow(Base):
    __tablename__ = "threads"
    __table_args__ = (
        UniqueConstraint("application_id"),
        # the home page's first steps: overdue or not, required or optional, soonest (0017)
        Index("ix_threads_due", "due_optional", "due_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # the user it belongs to on a multi-user server; NULL: the one local user (0006)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    interview_id: Mapped[int | None] = mapped_column(
        ForeignKey("interviews.id", ondelete="SET NULL")
    )
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    rejected_at: Mapped[datetime] = mapped_column(DateTime)
    state: Mapped[str] = mapped_column(String(20), index=True)
    after_interview: Mapped[bool | None]
    rejection_message_id: Mapped[int | None] = mapped_column(Integer)
    # when the user's next step falls due (domain.agenda.step_due), kept with every
    # write so the home page asks for the first few steps in SQL (0017); NULL: none
    due_at: Mapped[datetime | None] = mapped_column(DateTime)
    due_optional: Mapped[bool] = mapped_column(Boolean, default=False)


class MessageRow(Base):
    __tablename__ = "messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # the user it belongs to on a multi-user server; NULL: the one local user (0006)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    thread_id: Mapped[int | None] = mapped_column(
        ForeignKey("threads.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    direction: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime)
    analysis: Mapped[dict[str, Any] | None]
    correction: Mapped[dict[str, Any] | None]


class TransitionRow(Base):
    __tablename__ = "transitions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    event: Mapped[str] = mapped_column(String(30))
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime)
    message_id: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")


class LessonRow(Base):
    __tablename__ = "lessons"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # the user it belongs to on a multi-user server; NULL: the one local user (0006)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    theme: Mapped[str] = mapped_column(String(30), index=True)
    polarity: Mapped[str] = mapped_column(String(10))
    statement: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL"), index=True
    )
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    evidence: Mapped[str] = mapped_column(Text, default="")
    actions: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # each time the point was raised: message, application, their words, when (0003)
    sightings: Mapped[list[Any]] = mapped_column(default=list)


# -- mail (migration 0002) ---------------------------------------------------------


class MailAccountRow(Base):
    __tablename__ = "mail_accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # the user it belongs to on a multi-user server; NULL: the one local user (0015)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    host: Mapped[str] = mapped_column(String(255))
    port: Mapped[int] = mapped_column(Integer)
    username: Mapped[str] = mapped_column(String(320))
    security: Mapped[str] = mapped_column(String(10))
    folders: Mapped[list[Any]] = mapped_column(default=list)
    drafts_folder: Mapped[str] = mapped_column(String(200), default="")
    since: Mapped[date | None] = mapped_column(Date)
    address: Mapped[str] = mapped_column(String(320), default="")
    ca_file: Mapped[str] = mapped_column(Text, default="")
    password_in_keyring: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # migration 0006: "password", or the OAuth2 provider whose tokens are in the keyring
    sign_in: Mapped[str] = mapped_column(String(20), default="password")


class MailLedgerRow(Base):
    """One row per message read from a source: what became of it."""

    __tablename__ = "mail_ledger"
    __table_args__ = (UniqueConstraint("source", "folder", "item_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # the user it belongs to on a multi-user server; NULL: the one local user (0015)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(500))
    folder: Mapped[str] = mapped_column(String(500), default="")
    item_key: Mapped[str] = mapped_column(String(500))
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    uid: Mapped[int | None] = mapped_column(BigInteger)
    message_key: Mapped[str] = mapped_column(String(500), default="", index=True)
    status: Mapped[str] = mapped_column(String(10), index=True)
    error: Mapped[str] = mapped_column(Text, default="")
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class MailMessageRow(Base):
    """The mail side of a stored message: its headers, its parts, the raw bytes."""

    __tablename__ = "mail_messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), unique=True
    )
    # the user it belongs to on a multi-user server; NULL: the one local user (0015)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    header_id: Mapped[str] = mapped_column(String(500), default="", index=True)
    in_reply_to: Mapped[str] = mapped_column(Text, default="")
    refs: Mapped[str] = mapped_column(Text, default="")
    sender: Mapped[str] = mapped_column(String(320), default="", index=True)
    sender_name: Mapped[str] = mapped_column(String(200), default="")
    quoted: Mapped[str] = mapped_column(Text, default="")
    signature: Mapped[str] = mapped_column(Text, default="")
    attachments: Mapped[list[Any]] = mapped_column(default=list)
    suggestion: Mapped[dict[str, Any] | None]
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    raw_complete: Mapped[bool] = mapped_column(Boolean, default=True)


class MailDraftRow(Base):
    """A draft we put in a mailbox or a file: its Message-ID threads the answer back."""

    __tablename__ = "mail_drafts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    header_id: Mapped[str] = mapped_column(String(500), unique=True)
    # the user it belongs to on a multi-user server; NULL: the one local user (0015)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(20))
    placed: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)


# -- message keys (migration 0003) ----------------------------------------------------


class MailKeyRow(Base):
    """One row per message filed, waiting or skipped: its key, claimed once for all importers.

    The primary key is what makes "the same message from two sources is filed
    once" hold when two imports run at the same time: each claims a message's
    key with an INSERT that does nothing on conflict, in the unit that files it.
    Derived from the ledger, so a restore rebuilds it instead of exporting it.
    """

    __tablename__ = "mail_keys"
    message_key: Mapped[str] = mapped_column(String(500), primary_key=True)
    # the user it belongs to on a multi-user server; NULL: the one local user (0015)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime)


# -- calendar (migration 0006) --------------------------------------------------------


class CalendarEventRow(Base):
    """What an exported event last said: a change bumps its SEQUENCE, a vanished one is
    sent once more as cancelled, so calendars that imported it update instead of doubling."""

    __tablename__ = "calendar_events"
    uid: Mapped[str] = mapped_column(String(200), primary_key=True)
    # the user it belongs to on a multi-user server; NULL: the one local user (0012)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    content_hash: Mapped[str] = mapped_column(String(64))
    sequence: Mapped[int] = mapped_column(Integer)
    cancelled: Mapped[bool] = mapped_column(Boolean)
    title: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    all_day: Mapped[bool] = mapped_column(Boolean)
    changed_at: Mapped[datetime] = mapped_column(DateTime)


class InterviewInvitationRow(Base):
    """An invitation (.ics) already recorded as an interview, by its event UID."""

    __tablename__ = "interview_invitations"
    uid: Mapped[str] = mapped_column(String(500), primary_key=True)
    # the user it belongs to on a multi-user server; NULL: the one local user (0012)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    sequence: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime)


# -- accounts and sessions of a multi-user server (migration 0006) ------------------------


class UserRow(Base):
    """A person who signs in; the password only as its Argon2id hash."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_signins: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class WebSessionRow(Base):
    """A signed-in browser or client; the id in its cookie is kept only as a SHA-256."""

    __tablename__ = "web_sessions"
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class CoachShareRow(Base):
    """A student lets a coach read their work (read-only) while this row exists."""

    __tablename__ = "coach_shares"
    student_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    coach_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)


class DraftCommentRow(Base):
    """A coach's comment on a student's draft for one step of a feedback thread; it
    belongs to the student (``owner_id``), like a lesson comment (0014)."""

    __tablename__ = "draft_comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class LessonCommentRow(Base):
    """A coach's comment on a student's lesson; it belongs to the student (``owner_id``)."""

    __tablename__ = "lesson_comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class MailSecretRow(Base):
    """A server user's mail password or OAuth grant, encrypted (``services.sealed``, 0015).

    The key is outside the database; the owner, account and user name are bound
    into each ciphertext, so a row copied to another person does not open.
    """

    __tablename__ = "mail_secrets"
    __table_args__ = (UniqueConstraint("owner_id", "account", "username"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    account: Mapped[str] = mapped_column(String(100))
    username: Mapped[str] = mapped_column(String(320))
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
