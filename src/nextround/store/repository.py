"""The repository: every query and write the services need, on one session.

Methods take and return domain objects; a unit of work (``Database.unit``)
commits them together.

On a multi-user server a repository belongs to one user (``owner``): every
read of an application, contact, interview, thread, message or lesson finds
only that user's rows (another user's id is "not found", exactly like an id
that names nothing), every new row is theirs, and a new row may refer only to
their rows. With no owner (the local app) nothing is filtered: the rows belong
to the one person at the computer.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import re
import sqlite3
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import (
    Date,
    DateTime,
    LargeBinary,
    Row,
    Select,
    delete,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

from nextround.domain.agenda import step_due
from nextround.domain.errors import InvalidInput, NotFound
from nextround.domain.model import (
    Application,
    ApplicationStatus,
    Channel,
    Contact,
    Direction,
    Interview,
    Lesson,
    Message,
    StatusChange,
)
from nextround.domain.thread import FeedbackThread
from nextround.store import convert, plain
from nextround.store.inserts import insert_returning_id, table_of
from nextround.store.lengths import check_rows
from nextround.store.tables import (
    ApplicationRow,
    Base,
    ContactRow,
    ImportKeyRow,
    InterviewContactRow,
    InterviewRow,
    LessonRow,
    MessageRow,
    MetaRow,
    StatusChangeRow,
    ThreadRow,
    TransitionRow,
)

if TYPE_CHECKING:  # each loaded by the first command to use it (bench/startup.py)
    from nextround.store.accounts import AccountStore
    from nextround.store.calendarstore import CalendarStore
    from nextround.store.mailstore import MailSecretStore, MailStore

_MESSAGES = table_of(MessageRow)
_APPLICATIONS = table_of(ApplicationRow)
_STATUS_CHANGES = table_of(StatusChangeRow)
_IMPORT_KEYS = table_of(ImportKeyRow)
Owned = TypeVar("Owned", ApplicationRow, ContactRow, InterviewRow, ThreadRow, MessageRow, LessonRow)
Query = TypeVar("Query", bound=Select[Any])
NOT_ON_SERVER = "not available on a multi-user server yet"
# the mail side of the database, in the order rows must be restored
MAIL_TABLES = ("mail_accounts", "mail_messages", "mail_ledger", "mail_drafts")
# what the calendar export last said, and invitations imported (keyed by UID, no id)
CALENDAR_TABLES = ("calendar_events", "interview_invitations")


def owned_key(owner: int | None, key: str) -> str:
    """``key`` as a row of ``owner`` stores it (import keys, calendar UIDs): the local
    app's as it is; a server user's with their id in front (like their meta keys), so
    two people's same key are two rows."""
    return key if owner is None else f"user:{owner}:{key}"


def _to_json(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"base64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _from_json(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value["base64"])
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    return value


def _sqlite_time(value: datetime | None) -> str | None:
    """A time as SQLAlchemy's SQLite dialect stores it (its DATETIME text form)."""
    return None if value is None else value.isoformat(" ", "microseconds")


@functools.lru_cache(maxsize=512)
def _pyformat(sql: str) -> str:
    """A plain read's ``:name`` parameters as psycopg names them (``%(name)s``)."""
    return re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", sql.replace("%", "%%"))


@functools.lru_cache(maxsize=512)
def _plain_sql(sql: str) -> TextClause:
    """A plain read's SQL, parsed once: its times are bound as the dialect stores them
    (``Repository.stamp``), so a statement needs no per-call typed parameters."""
    return text(sql)


def _keep_due(row: ThreadRow, thread: FeedbackThread) -> None:
    """The thread's next step due, kept beside it for the home page's SQL (0017)."""
    step = step_due(thread)
    row.due_at = None if step is None else step.due
    row.due_optional = step is not None and step.optional


def _change_row(app_id: int, change: StatusChange) -> dict[str, Any]:
    return {
        "application_id": app_id,
        "at": change.at,
        "from_status": change.from_status.value if change.from_status else "",
        "to_status": change.to_status.value,
    }


class Repository:
    def __init__(
        self, session: Session, *, owner: int | None = None, read_only: bool = False
    ) -> None:
        self.session = session
        self.owner = owner
        self._dialect: str | None = None  # the database's, once a plain write asks
        self.read_only = read_only  # a coach reading a student's work (``Database.as_coach_of``)

    # -- ownership ----------------------------------------------------------
    def _get(self, kind: type[Owned], ident: int, what: str) -> Owned:
        """The row ``ident`` of ``kind`` if it is this user's, else ``NotFound``."""
        row = self.session.get(kind, ident)
        if row is None or (self.owner is not None and row.owner_id != self.owner):
            raise NotFound(what, ident)
        return row

    def _mine(self, query: Query, kind: type[Owned]) -> Query:
        """``query`` narrowed to this user's rows of ``kind``."""
        if self.owner is None:
            return query
        return query.where(kind.owner_id == self.owner)

    def _my_ids(self, kind: type[Owned]) -> Any:
        """A subquery of the ids of this user's rows of ``kind``."""
        return self._mine(select(kind.id), kind).scalar_subquery()

    def _refers(self, kind: type[Owned], ident: int | None, what: str) -> None:
        """A new or changed row may point only at this user's rows."""
        if ident is not None and self.owner is not None:
            self._get(kind, ident, what)

    def _meta_key(self, key: str) -> str:
        return plain.meta_key(self.owner, key)

    def _owned_key(self, key: str) -> str:
        """A key of an import or the calendar as this user's row stores it: unique per owner."""
        return owned_key(self.owner, key)

    def _whole_database(self) -> None:
        if self.owner is not None:
            raise InvalidInput(f"whole-database work is {NOT_ON_SERVER}")

    @property
    def accounts(self) -> AccountStore:
        """Users and signed-in sessions of a multi-user server."""
        from nextround.store.accounts import AccountStore

        return AccountStore(self.session)

    @property
    def mail(self) -> MailStore:
        """Mail accounts, the ingestion ledger, stored mail and placed drafts (this user's)."""
        from nextround.store.mailstore import MailStore

        return MailStore(self.session, owner=self.owner)

    @property
    def mail_secrets(self) -> MailSecretStore:
        """A server user's mail passwords and grants, as sealed bytes (``services.sealed``)."""
        from nextround.store.mailstore import MailSecretStore

        return MailSecretStore(self.session, owner=self.owner)

    @property
    def calendar(self) -> CalendarStore:
        """What the calendar export last said, and invitations already imported."""
        from nextround.store.calendarstore import CalendarStore

        return CalendarStore(self.session, owner=self.owner)

    # -- meta ---------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.session.get(MetaRow, self._meta_key(key))
        return row.value if row else None

    def set_meta(self, key: str, value: str) -> None:
        key = self._meta_key(key)
        row = self.session.get(MetaRow, key)
        if row is None:
            self.session.add(MetaRow(key=key, value=value))
        else:
            row.value = value

    def delete_meta(self, key: str) -> bool:
        """Remove ``key``; whether it was there."""
        row = self.session.get(MetaRow, self._meta_key(key))
        if row is None:
            return False
        self.session.delete(row)
        return True

    def all_meta(self) -> dict[str, str]:
        """Every setting; on a server, this user's (their keys as the local app names them)."""
        rows = self.session.scalars(select(MetaRow))
        if self.owner is None:
            return {r.key: r.value for r in rows}
        mark = self._meta_key("")
        return {r.key[len(mark) :]: r.value for r in rows if r.key.startswith(mark)}

    def meta_owner(self, key: str, value: str) -> int | None:
        """The server user whose setting ``key`` is ``value`` (a feed token's digest)."""
        found = self.session.scalars(
            select(MetaRow.key).where(
                MetaRow.key.startswith("user:"),
                MetaRow.key.endswith(f":{key}", autoescape=True),
                MetaRow.value == value,
            )
        ).first()
        if found is None:
            return None
        middle = found.split(":")[1]
        return int(middle) if middle.isdigit() else None

    # -- applications -------------------------------------------------------
    def add_application(self, app: Application, *, now: datetime) -> Application:
        row = ApplicationRow(
            company=app.company,
            role=app.role,
            source=app.source,
            status=app.status.value,
            applied_on=app.applied_on,
            notes=app.notes,
            created_at=app.created_at or now,
            updated_at=app.updated_at or now,
            job_url=app.job_url,
            location=app.location,
            salary=app.salary,
            owner_id=self.owner,
        )
        if app.id is not None:
            row.id = app.id
        self.session.add(row)
        self.session.flush()
        started = app.applied_on if app.status is not ApplicationStatus.SAVED else None
        self._record_status(row.id, None, app.status, at=started or row.created_at)
        return convert.application(row)

    def import_keys(self) -> dict[str, int]:
        """Every key of an imported row (this user's), and the application it became."""
        from nextround.store.plain_import import import_keys

        return import_keys(self)

    def _record_status(
        self,
        app_id: int,
        before: ApplicationStatus | None,
        after: ApplicationStatus,
        *,
        at: datetime,
    ) -> None:
        change = StatusChange(at=at, from_status=before, to_status=after)
        self.session.add(StatusChangeRow(**_change_row(app_id, change)))

    def status_history(self, app_id: int | None = None) -> dict[int, list[StatusChange]]:
        """Each application's status moves, oldest first: of one application, or of every
        application of this user (of the whole database when there are no users)."""
        if app_id is not None:
            self._application_row(app_id)  # this user's application, or NotFound
        moves = _STATUS_CHANGES.c  # plain rows, no ORM objects: `stats` reads them all
        query = select(moves.application_id, moves.at, moves.from_status, moves.to_status)
        query = query.order_by(moves.application_id, moves.at, moves.id)
        if app_id is not None:
            query = query.where(moves.application_id == app_id)
        elif self.owner is not None:
            query = query.where(moves.application_id.in_(self._my_ids(ApplicationRow)))
        history: dict[int, list[StatusChange]] = {}
        for owner, at, before, after in self.session.execute(query):
            history.setdefault(owner, []).append(
                StatusChange(
                    at=at,
                    from_status=ApplicationStatus(before) if before else None,
                    to_status=ApplicationStatus(after),
                )
            )
        return history

    def clear_status_history(self) -> None:
        """Forget every recorded move (a restore replaces them with the backup's)."""
        self._whole_database()
        self.session.flush()
        self.session.execute(delete(StatusChangeRow))

    def _application_row(self, app_id: int) -> ApplicationRow:
        return self._get(ApplicationRow, app_id, "application")

    def application(self, app_id: int) -> Application:
        return convert.application(self._application_row(app_id))

    def update_application(self, app: Application, *, now: datetime) -> Application:
        assert app.id is not None
        row = self._application_row(app.id)
        if row.status != app.status.value:
            self._record_status(row.id, ApplicationStatus(row.status), app.status, at=now)
        row.company, row.role, row.source = app.company, app.role, app.source
        row.status, row.applied_on, row.notes = app.status.value, app.applied_on, app.notes
        row.job_url, row.location, row.salary = app.job_url, app.location, app.salary
        row.updated_at = now
        self.session.flush()
        return convert.application(row)

    def set_status(self, app_id: int, status: ApplicationStatus, *, now: datetime) -> None:
        row = self._application_row(app_id)
        if row.status != status.value:
            self._record_status(row.id, ApplicationStatus(row.status), status, at=now)
        row.status = status.value
        row.updated_at = now

    def applications(
        self,
        *,
        status: ApplicationStatus | None = None,
        company: str | None = None,
        ids: Collection[int] | None = None,
    ) -> list[Application]:
        query = self._mine(
            select(table_of(ApplicationRow)).order_by(ApplicationRow.id), ApplicationRow
        )
        if ids is not None:
            query = query.where(ApplicationRow.id.in_(sorted(ids)))
        if status is not None:
            query = query.where(ApplicationRow.status == status.value)
        if company:
            query = query.where(func.lower(ApplicationRow.company) == company.lower())
        return [convert.application(r) for r in self._plain_rows(query)]

    def _plain_rows(self, query: Select[Any]) -> Sequence[Row[Any]]:
        """The rows of a query over whole tables as plain rows, not ORM objects.

        Lists read by the thousand (the home page's open threads, their steps,
        their applications) spend most of their time building ORM objects they
        only convert and drop; plain rows carry the same attributes. Pending
        changes are flushed first, as the ORM would before a query.
        """
        self.session.flush()
        return self.session.execute(query).all()

    def rows(self, sql: str, params: Mapping[str, Any]) -> Sequence[Mapping[str, Any]]:
        """A plain query of ``store.plain`` (its SQL text and named parameters) in this
        unit; ``store.plain`` adds the owner's condition from ``self.owner``."""
        self.session.flush()
        if self._dialect is None:
            self._dialect = self.session.get_bind().dialect.name
        bound = {k: self.stamp(v) if isinstance(v, datetime) else v for k, v in params.items()}
        # On the driver's own cursor, in the unit's transaction: the SQL is ours and
        # read-only, and SQLAlchemy's statement machinery cost more than the query.
        driver: Any = self.session.connection().connection.driver_connection
        if self._dialect == "sqlite":
            cursor = driver.cursor()
            cursor.row_factory = sqlite3.Row
            return cast("Sequence[Mapping[str, Any]]", cursor.execute(sql, bound).fetchall())
        if self._dialect == "postgresql":
            from psycopg.rows import dict_row  # only a server on PostgreSQL pays for it

            with driver.cursor(row_factory=dict_row) as cursor:
                cursor.execute(_pyformat(sql), bound)
                return cast("Sequence[Mapping[str, Any]]", cursor.fetchall())
        found = self.session.execute(_plain_sql(sql), bound).mappings().all()
        return cast("Sequence[Mapping[str, Any]]", found)

    # -- plain writes (store.plain_import) ------------------------------------
    def stamp(self, value: datetime | None) -> Any:
        """A time as a plain write passes it: on SQLite in the text form the dialect
        stores (``_sqlite_time``), elsewhere as it is."""
        if self._dialect is None:
            self._dialect = self.session.get_bind().dialect.name
        return _sqlite_time(value) if self._dialect == "sqlite" else value

    def execute_many(self, sql: str, params: Sequence[Mapping[str, Any]]) -> None:
        """A plain statement of ``store.plain_import``, once per mapping of ``params``
        (its times ``stamp``-ed). On SQLite the rows go to the driver as they are, as
        ``sqlite3`` runs them on the quick path."""
        if not params:
            return
        self.session.flush()
        conn = self.session.connection()
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(sql, list(params))
        else:
            self.session.execute(text(sql), [dict(p) for p in params])

    def insert_rows(
        self, table: str, columns: tuple[str, ...], rows: Sequence[tuple[Any, ...]]
    ) -> None:
        """The bulk inserts of ``store.plain_import``: one row per tuple of values, in
        the order of ``columns`` (times ``stamp``-ed)."""
        from nextround.store.plain_import import insert_sql

        if not rows:
            return
        self.session.flush()
        conn = self.session.connection()
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(insert_sql(table, columns, positional=True), list(rows))
        else:
            named = insert_sql(table, columns, positional=False)
            self.session.execute(text(named), [dict(zip(columns, r, strict=True)) for r in rows])

    def new_ids(self, table: str, count: int) -> list[int] | None:
        """PostgreSQL: ``count`` ids taken from ``table``'s sequence (rows inserted with
        them come back in no order that could be relied on otherwise); SQLite: None, the
        insert numbers them (``last_id``)."""
        conn = self.session.connection()
        if conn.dialect.name == "sqlite":
            return None
        found = conn.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                "FROM generate_series(1, :count)"
            ),
            {"table": table, "count": count},
        )
        return sorted(int(i) for i in found.scalars())

    def last_id(self, table: str) -> int:
        self.session.flush()
        found = self.session.execute(text(f"SELECT max(id) FROM {table}")).scalar_one()
        return int(found)

    def count_applications(self) -> int:
        query = self._mine(select(func.count(ApplicationRow.id)), ApplicationRow)
        return int(self.session.scalar(query) or 0)

    # -- contacts -----------------------------------------------------------
    def add_contact(self, contact: Contact) -> Contact:
        row = ContactRow(
            name=contact.name,
            company=contact.company,
            title=contact.title,
            email=contact.email,
            phone=contact.phone,
            linkedin=contact.linkedin,
            owner_id=self.owner,
        )
        if contact.id is not None:
            row.id = contact.id
        self.session.add(row)
        self.session.flush()
        return convert.contact(row)

    def contact(self, contact_id: int) -> Contact:
        return convert.contact(self._get(ContactRow, contact_id, "contact"))

    def contacts(self, *, company: str | None = None) -> list[Contact]:
        query = self._mine(select(ContactRow).order_by(ContactRow.id), ContactRow)
        if company:
            query = query.where(func.lower(ContactRow.company) == company.lower())
        return [convert.contact(r) for r in self.session.scalars(query)]

    def contacts_by_id(self, ids: Sequence[int]) -> list[Contact]:
        return [self.contact(i) for i in ids]

    # -- interviews ---------------------------------------------------------
    def add_interview(self, interview: Interview) -> Interview:
        self._application_row(interview.application_id)
        for cid in interview.contact_ids:
            self.contact(cid)
        row = InterviewRow(
            application_id=interview.application_id,
            stage=interview.stage,
            at=interview.when,
            talking_points=list(interview.talking_points),
            notes=interview.notes,
            self_assessment={t.value: r for t, r in interview.self_assessment.items()},
            owner_id=self.owner,
        )
        if interview.id is not None:
            row.id = interview.id
        self.session.add(row)
        self.session.flush()
        for pos, cid in enumerate(interview.contact_ids):
            self.session.add(InterviewContactRow(interview_id=row.id, contact_id=cid, position=pos))
        self.session.flush()
        return convert.interview(row, list(interview.contact_ids))

    def _contact_ids(self, interview_id: int) -> list[int]:
        query = (
            select(InterviewContactRow.contact_id)
            .where(InterviewContactRow.interview_id == interview_id)
            .order_by(InterviewContactRow.position)
        )
        return list(self.session.scalars(query))

    def interview(self, interview_id: int) -> Interview:
        row = self._get(InterviewRow, interview_id, "interview")
        return convert.interview(row, self._contact_ids(row.id))

    def interviews(
        self, *, application_id: int | None = None, after: datetime | None = None
    ) -> list[Interview]:
        query = self._mine(
            select(InterviewRow).order_by(InterviewRow.at, InterviewRow.id), InterviewRow
        )
        if application_id is not None:
            query = query.where(InterviewRow.application_id == application_id)
        if after is not None:
            query = query.where(InterviewRow.at >= after)
        rows = list(self.session.scalars(query))
        links: dict[int, list[int]] = {r.id: [] for r in rows}
        if rows:
            link_query = (
                select(InterviewContactRow)
                .where(InterviewContactRow.interview_id.in_(list(links)))
                .order_by(InterviewContactRow.position)
            )
            for link in self.session.scalars(link_query):
                links[link.interview_id].append(link.contact_id)
        return [convert.interview(r, links[r.id]) for r in rows]

    def update_self_assessment(self, interview: Interview) -> None:
        assert interview.id is not None
        row = self._get(InterviewRow, interview.id, "interview")
        row.self_assessment = {t.value: r for t, r in interview.self_assessment.items()}

    # -- messages -----------------------------------------------------------
    def add_message(self, message: Message) -> Message:
        self._refers(ApplicationRow, message.application_id, "application")
        self._refers(ThreadRow, message.thread_id, "feedback thread")
        self._refers(ContactRow, message.contact_id, "contact")
        values: dict[str, Any] = {
            "owner_id": self.owner,
            "application_id": message.application_id,
            "thread_id": message.thread_id,
            "contact_id": message.contact_id,
            "direction": message.direction.value,
            "kind": message.kind.value,
            "channel": message.channel.value,
            "subject": message.subject,
            "text": message.text,
            "at": message.at,
            "analysis": message.analysis,
            "correction": message.correction,
        }
        if message.id is not None:
            values["id"] = message.id
        new_id = insert_returning_id(self.session, _MESSAGES, values)
        return dataclasses.replace(message, id=new_id)

    def message(self, message_id: int) -> Message:
        return convert.message(self._get(MessageRow, message_id, "message"))

    def link_message(self, message_id: int, *, thread_id: int) -> None:
        row = self._get(MessageRow, message_id, "message")
        self._refers(ThreadRow, thread_id, "feedback thread")
        row.thread_id = thread_id

    def set_correction(self, message_id: int, correction: dict[str, object]) -> None:
        row = self._get(MessageRow, message_id, "message")
        row.correction = dict(correction)

    def messages(
        self, *, application_id: int | None = None, thread_id: int | None = None
    ) -> list[Message]:
        query = self._mine(select(MessageRow).order_by(MessageRow.at, MessageRow.id), MessageRow)
        if application_id is not None:
            query = query.where(MessageRow.application_id == application_id)
        if thread_id is not None:
            query = query.where(MessageRow.thread_id == thread_id)
        return [convert.message(r) for r in self.session.scalars(query)]

    def history(
        self,
    ) -> tuple[list[Application], list[Interview], list[FeedbackThread], list[Lesson]]:
        """Every application, interview (without its people), thread and lesson of this user
        (of the whole database when there are no users), read as plain rows: no ORM
        identity map to build, for `stats` over a long history."""

        def rows(kind: Any, *order: Any) -> list[Any]:
            query = select(kind.__table__).order_by(*order)
            if self.owner is not None:
                query = query.where(kind.__table__.c.owner_id == self.owner)
            return list(self.session.execute(query))

        apps = rows(ApplicationRow, ApplicationRow.id)
        met = rows(InterviewRow, InterviewRow.at, InterviewRow.id)
        threads = rows(ThreadRow, ThreadRow.id)
        steps: dict[int, list[Any]] = {t.id: [] for t in threads}
        moves = select(TransitionRow.__table__).order_by(TransitionRow.thread_id, TransitionRow.seq)
        if self.owner is not None:
            moves = moves.where(TransitionRow.thread_id.in_(self._my_ids(ThreadRow)))
        for step in self.session.execute(moves):
            steps[step.thread_id].append(step)
        lessons = rows(LessonRow, LessonRow.id)
        return (
            [convert.application(r) for r in apps],
            [convert.interview(r, []) for r in met],
            [convert.thread(r, steps[r.id]) for r in threads],
            [convert.lesson(r) for r in lessons],
        )

    def sent_channels(self) -> dict[int, Channel]:
        """Each sent message's channel, by id: what `stats` needs of messages, no more."""
        query = select(MessageRow.id, MessageRow.channel).where(
            MessageRow.direction == Direction.SENT.value
        )
        if self.owner is not None:
            query = query.where(MessageRow.owner_id == self.owner)
        return {row.id: Channel(row.channel) for row in self.session.execute(query)}

    # -- feedback threads ---------------------------------------------------
    def _steps(self, thread_id: int) -> list[TransitionRow]:
        query = (
            select(TransitionRow)
            .where(TransitionRow.thread_id == thread_id)
            .order_by(TransitionRow.seq)
        )
        return list(self.session.scalars(query))

    def add_thread(self, thread: FeedbackThread) -> FeedbackThread:
        self._refers(ApplicationRow, thread.application_id, "application")
        self._refers(InterviewRow, thread.interview_id, "interview")
        self._refers(ContactRow, thread.contact_id, "contact")
        self._refers(MessageRow, thread.rejection_message_id, "message")
        row = ThreadRow(
            owner_id=self.owner,
            application_id=thread.application_id,
            interview_id=thread.interview_id,
            contact_id=thread.contact_id,
            rejected_at=thread.rejected_at,
            state=thread.state.value,
            after_interview=thread.after_interview,
            rejection_message_id=thread.rejection_message_id,
        )
        _keep_due(row, thread)
        if thread.id is not None:
            row.id = thread.id
        self.session.add(row)
        self.session.flush()
        thread.id = row.id
        self._write_steps(thread, already=0)
        return thread

    def _write_steps(self, thread: FeedbackThread, *, already: int) -> None:
        assert thread.id is not None
        for seq, step in enumerate(thread.transitions[already:], start=already):
            self.session.add(
                TransitionRow(
                    thread_id=thread.id,
                    seq=seq,
                    event=step.event,
                    from_state=step.from_state,
                    to_state=step.to_state,
                    at=step.at,
                    message_id=step.message_id,
                    note=step.note,
                )
            )
        self.session.flush()

    def save_thread(self, thread: FeedbackThread) -> None:
        """Store the thread's state and any transitions not yet written."""
        assert thread.id is not None
        row = self._get(ThreadRow, thread.id, "feedback thread")
        self._refers(ContactRow, thread.contact_id, "contact")
        self._refers(InterviewRow, thread.interview_id, "interview")
        row.state = thread.state.value
        row.contact_id = thread.contact_id
        row.interview_id = thread.interview_id
        row.after_interview = thread.after_interview
        _keep_due(row, thread)
        written = len(self._steps(thread.id))
        self._write_steps(thread, already=written)

    def thread(self, thread_id: int) -> FeedbackThread:
        row = self._get(ThreadRow, thread_id, "feedback thread")
        return convert.thread(row, self._steps(row.id))

    def thread_for_application(self, app_id: int) -> FeedbackThread | None:
        query = select(ThreadRow).where(ThreadRow.application_id == app_id)
        row = self.session.scalar(self._mine(query, ThreadRow))
        return convert.thread(row, self._steps(row.id)) if row else None

    def threads(self, *, open_only: bool = False) -> list[FeedbackThread]:
        from nextround.domain.thread import CLOSED_STATES

        query = self._mine(select(table_of(ThreadRow)).order_by(ThreadRow.id), ThreadRow)
        if open_only:
            query = query.where(ThreadRow.state.not_in([s.value for s in CLOSED_STATES]))
        rows = self._plain_rows(query)
        steps: dict[int, list[Row[Any]]] = {r.id: [] for r in rows}
        if rows:
            step_query = (
                select(table_of(TransitionRow))
                .where(TransitionRow.thread_id.in_(list(steps)))
                .order_by(TransitionRow.thread_id, TransitionRow.seq)
            )
            for s in self._plain_rows(step_query):
                steps[s.thread_id].append(s)
        return [convert.thread(r, steps[r.id]) for r in rows]

    # -- lessons ------------------------------------------------------------
    def add_lesson(self, lesson: Lesson, *, now: datetime) -> Lesson:
        self._refers(ApplicationRow, lesson.application_id, "application")
        self._refers(MessageRow, lesson.message_id, "message")
        row = LessonRow(
            owner_id=self.owner,
            theme=lesson.theme.value,
            polarity=lesson.polarity.value,
            statement=lesson.statement,
            status=lesson.status.value,
            application_id=lesson.application_id,
            message_id=lesson.message_id,
            evidence=lesson.evidence,
            actions=list(lesson.actions),
            created_at=lesson.created_at or now,
            sightings=[convert.sighting_json(s) for s in lesson.sightings],
        )
        if lesson.id is not None:
            row.id = lesson.id
        self.session.add(row)
        self.session.flush()
        return convert.lesson(row)

    def lesson(self, lesson_id: int) -> Lesson:
        return convert.lesson(self._get(LessonRow, lesson_id, "lesson"))

    def update_lesson(self, lesson: Lesson) -> Lesson:
        assert lesson.id is not None
        row = self._get(LessonRow, lesson.id, "lesson")
        row.theme, row.polarity = lesson.theme.value, lesson.polarity.value
        row.statement, row.status = lesson.statement, lesson.status.value
        row.evidence, row.actions = lesson.evidence, list(lesson.actions)
        row.sightings = [convert.sighting_json(s) for s in lesson.sightings]
        self.session.flush()
        return convert.lesson(row)

    def delete_lesson(self, lesson_id: int) -> None:
        self.lesson(lesson_id)
        self.session.execute(delete(LessonRow).where(LessonRow.id == lesson_id))

    def lessons(self) -> list[Lesson]:
        return [
            convert.lesson(r)
            for r in self.session.scalars(
                self._mine(select(LessonRow).order_by(LessonRow.id), LessonRow)
            )
        ]

    # -- whole tables (the mail side of a backup) ---------------------------
    def dump_rows(self, table: str) -> list[dict[str, Any]]:
        """Every row of ``table`` as JSON-ready values (bytes as base64, times as ISO).

        On a server, this user's rows only, as the local app would hold them (keys
        without their owner, no ``owner_id``): the mail side is not theirs yet."""
        t = Base.metadata.tables[table]
        query = select(t).order_by(*t.primary_key.columns)
        if self.owner is None:
            rows = self.session.execute(query).mappings()
            return [{k: _to_json(v) for k, v in row.items()} for row in rows]
        if table == "status_changes":
            query = query.where(t.c.application_id.in_(self._my_ids(ApplicationRow)))
        elif table in ("import_keys", *CALENDAR_TABLES):
            query = query.where(t.c.owner_id == self.owner)
        else:
            raise InvalidInput(f"the whole {table} table is {NOT_ON_SERVER}")
        mark = len(self._owned_key(""))
        name = "key" if table == "import_keys" else "uid"
        out = []
        for row in self.session.execute(query).mappings():
            item = {k: _to_json(v) for k, v in row.items() if k != "owner_id"}
            if name in item:
                item[name] = item[name][mark:]
            out.append(item)
        return out

    def load_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Insert rows written by ``dump_rows``, keeping their ids."""
        self._whole_database()
        t = Base.metadata.tables[table]
        typed = [{c.name: _from_json(c.type, row.get(c.name)) for c in t.columns} for row in rows]
        check_rows(t, typed)
        if typed:
            self.session.execute(insert(t), typed)

    # -- maintenance --------------------------------------------------------
    def reset_sequences(self) -> None:
        """After rows were written with explicit ids, let PostgreSQL's counters catch up."""
        if self.session.get_bind().dialect.name != "postgresql":
            return
        for table in (
            "applications",
            "contacts",
            "interviews",
            "threads",
            "messages",
            "transitions",
            "lessons",
            "status_changes",
            "mail_accounts",
            "mail_ledger",
            "mail_messages",
            "mail_drafts",
        ):
            self.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                )
            )
