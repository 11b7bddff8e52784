"""The mail tables: accounts, the ingestion ledger, stored mail and placed drafts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from nextround.domain.errors import NotFound
from nextround.domain.mailbox import (
    LedgerEntry,
    LedgerStatus,
    MailAccount,
    Security,
    SignIn,
    StoredMail,
    address_domain,
)
from nextround.domain.model import Contact
from nextround.store import convert
from nextround.store.inserts import insert_rows, table_of
from nextround.store.tables import (
    ContactRow,
    MailAccountRow,
    MailDraftRow,
    MailKeyRow,
    MailLedgerRow,
    MailMessageRow,
    MessageRow,
)

_KEYS_FROM_LEDGER = """
INSERT INTO mail_keys (message_key, source, created_at)
SELECT message_key, MIN(source), MIN(created_at) FROM mail_ledger
WHERE message_key <> '' AND status <> 'failed'
  AND message_key NOT IN (SELECT message_key FROM mail_keys)
GROUP BY message_key
"""
_CHUNK = 500  # ids per IN (...) query, well under every backend's parameter limit
_LEDGER, _MAIL, _KEYS = table_of(MailLedgerRow), table_of(MailMessageRow), table_of(MailKeyRow)


def _ledger_values(entry: LedgerEntry, *, now: datetime) -> dict[str, object]:
    """A ledger entry as the columns of its row, written ``now``."""
    return {
        "source": entry.source,
        "folder": entry.folder,
        "item_key": entry.item_key,
        "uidvalidity": entry.uidvalidity,
        "uid": entry.uid,
        "message_key": entry.message_key,
        "status": entry.status.value,
        "error": entry.error[:2000],
        "message_id": entry.message_id,
        "created_at": now,
        "updated_at": now,
    }


def _upsert(session: Session, table: Table | None = None) -> Any:
    """An INSERT that can be told to do nothing on conflict, in this backend's dialect."""
    into = table if table is not None else _KEYS
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(into)
    return sqlite.insert(into)


def _chunks(values: Sequence[str]) -> Iterable[list[str]]:
    items = list(values)
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _account(row: MailAccountRow) -> MailAccount:
    return MailAccount(
        id=row.id,
        name=row.name,
        host=row.host,
        port=row.port,
        username=row.username,
        security=Security(row.security),
        folders=[str(f) for f in row.folders],
        drafts_folder=row.drafts_folder,
        since=row.since,
        address=row.address,
        ca_file=row.ca_file,
        password_in_keyring=row.password_in_keyring,
        sign_in=SignIn(row.sign_in),
        created_at=row.created_at,
    )


def _entry(row: MailLedgerRow) -> LedgerEntry:
    return LedgerEntry(
        id=row.id,
        source=row.source,
        folder=row.folder,
        item_key=row.item_key,
        status=LedgerStatus(row.status),
        message_key=row.message_key,
        uidvalidity=row.uidvalidity,
        uid=row.uid,
        error=row.error,
        message_id=row.message_id,
        created_at=row.created_at,
    )


def _stored(row: MailMessageRow) -> StoredMail:
    return StoredMail(
        message_id=row.message_id,
        header_id=row.header_id,
        in_reply_to=row.in_reply_to,
        refs=row.refs,
        sender=row.sender,
        sender_name=row.sender_name,
        quoted=row.quoted,
        signature=row.signature,
        attachments=tuple(dict(a) for a in row.attachments),
        suggestion=row.suggestion,
        raw_complete=row.raw_complete,
    )


class MailStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- accounts -------------------------------------------------------------
    def add_account(self, account: MailAccount, *, now: datetime) -> MailAccount:
        row = MailAccountRow(
            name=account.name,
            host=account.host,
            port=account.port,
            username=account.username,
            security=account.security.value,
            folders=list(account.folders),
            drafts_folder=account.drafts_folder,
            since=account.since,
            address=account.address,
            ca_file=account.ca_file,
            password_in_keyring=account.password_in_keyring,
            sign_in=account.sign_in.value,
            created_at=now,
        )
        self.session.add(row)
        self.session.flush()
        return _account(row)

    def account(self, name: str) -> MailAccount:
        row = self.session.scalar(select(MailAccountRow).where(MailAccountRow.name == name))
        if row is None:
            raise NotFound("mail account", repr(name))
        return _account(row)

    def has_account(self, name: str) -> bool:
        query = select(MailAccountRow.id).where(MailAccountRow.name == name)
        return self.session.scalar(query) is not None

    def accounts(self) -> list[MailAccount]:
        rows = self.session.scalars(select(MailAccountRow).order_by(MailAccountRow.id))
        return [_account(r) for r in rows]

    def remove_account(self, name: str) -> None:
        self.account(name)
        self.session.execute(delete(MailAccountRow).where(MailAccountRow.name == name))

    # -- the ledger -----------------------------------------------------------
    def ledger_statuses(self, source: str, folder: str, item_keys: Sequence[str]) -> dict[str, str]:
        """The status of each of ``item_keys`` already in the ledger."""
        found: dict[str, str] = {}
        for chunk in _chunks(item_keys):
            query = select(MailLedgerRow.item_key, MailLedgerRow.status).where(
                MailLedgerRow.source == source,
                MailLedgerRow.folder == folder,
                MailLedgerRow.item_key.in_(chunk),
            )
            found.update({k: s for k, s in self.session.execute(query)})
        return found

    def ledger_uids(self, source: str, folder: str, uidvalidity: int) -> dict[int, str]:
        query = select(MailLedgerRow.uid, MailLedgerRow.status).where(
            MailLedgerRow.source == source,
            MailLedgerRow.folder == folder,
            MailLedgerRow.uidvalidity == uidvalidity,
        )
        return {int(u): s for u, s in self.session.execute(query) if u is not None}

    def folder_validities(self, source: str, folder: str) -> set[int]:
        query = (
            select(MailLedgerRow.uidvalidity)
            .where(MailLedgerRow.source == source, MailLedgerRow.folder == folder)
            .distinct()
        )
        return {int(v) for v in self.session.scalars(query) if v is not None}

    def known_message_keys(self, keys: Sequence[str]) -> dict[str, str]:
        """For each key already filed, waiting or skipped anywhere: the source it came from."""
        found: dict[str, str] = {}
        wanted = [k[:500] for k in dict.fromkeys(keys) if k]
        for chunk in _chunks(wanted):
            query = select(MailKeyRow.message_key, MailKeyRow.source).where(
                MailKeyRow.message_key.in_(chunk)
            )
            found.update({key: source for key, source in self.session.execute(query)})
        return found

    def claim_key(self, key: str, *, source: str, now: datetime) -> bool:
        """Claim a message's key for this unit of work; False when it is someone else's.

        The INSERT does nothing on conflict, so a key another import holds (or
        is filing at this moment: PostgreSQL waits for that transaction, SQLite
        lets one writer in at a time) is never filed twice nor an error.
        """
        values = {"message_key": key[:500], "source": source[:500], "created_at": now}
        statement = _upsert(self.session).values(values).on_conflict_do_nothing()
        claimed = self.session.execute(statement.returning(_KEYS.c.message_key))
        return claimed.first() is not None

    def claim_keys(self, keys: Sequence[str], *, source: str, now: datetime) -> set[str]:
        """Claim many keys at once, as ``claim_key`` does one; the keys claimed (as stored,
        cut to 500 characters), in one statement per chunk."""
        wanted = list(dict.fromkeys(k[:500] for k in keys if k))
        claimed: set[str] = set()
        for chunk in _chunks(wanted):
            rows = [{"message_key": k, "source": source[:500], "created_at": now} for k in chunk]
            statement = _upsert(self.session).on_conflict_do_nothing()
            result = self.session.execute(statement.returning(_KEYS.c.message_key), rows)
            claimed.update(result.scalars())
        return claimed

    def rebuild_keys(self) -> None:
        """The key claims from the ledger (after a restore, which does not carry them)."""
        self.session.flush()
        self.session.execute(text(_KEYS_FROM_LEDGER))

    def record(self, entry: LedgerEntry, *, now: datetime) -> None:
        """Update the ledger row with the same place (a retried failure), or add one.

        New places, many at a time, go in with ``record_many``.
        """
        row = self.session.scalar(
            select(MailLedgerRow).where(
                MailLedgerRow.source == entry.source,
                MailLedgerRow.folder == entry.folder,
                MailLedgerRow.item_key == entry.item_key,
            )
        )
        if row is None:
            self.session.add(MailLedgerRow(**_ledger_values(entry, now=now)))
            return
        for name, value in _ledger_values(entry, now=now).items():
            if name != "created_at":
                setattr(row, name, value)

    def record_many(self, entries: Sequence[LedgerEntry], *, now: datetime) -> None:
        """Add ledger rows for places the ledger does not hold yet, in one statement.

        Part of the unit of work like ``record``. A place another import of
        the same source recorded meanwhile is left as that import wrote it.
        """
        if entries:
            statement = _upsert(self.session, _LEDGER).on_conflict_do_nothing()
            self.session.flush()
            self.session.execute(statement, [_ledger_values(e, now=now) for e in entries])

    def ledger_entry(self, ledger_id: int) -> LedgerEntry:
        row = self.session.get(MailLedgerRow, ledger_id)
        if row is None:
            raise NotFound("inbox item", ledger_id)
        return _entry(row)

    def set_ledger_status(
        self, ledger_id: int, status: LedgerStatus, *, message_id: int | None, now: datetime
    ) -> None:
        row = self.session.get(MailLedgerRow, ledger_id)
        if row is None:
            raise NotFound("inbox item", ledger_id)
        row.status, row.message_id, row.updated_at = status.value, message_id, now

    def ledger(self, *, status: LedgerStatus | None = None) -> list[LedgerEntry]:
        query = select(MailLedgerRow).order_by(MailLedgerRow.id)
        if status is not None:
            query = query.where(MailLedgerRow.status == status.value)
        return [_entry(r) for r in self.session.scalars(query)]

    def count_ledger(self, *, source: str | None = None) -> dict[str, int]:
        query = select(MailLedgerRow.status, func.count(MailLedgerRow.id)).group_by(
            MailLedgerRow.status
        )
        if source is not None:
            query = query.where(MailLedgerRow.source == source)
        return {s: int(n) for s, n in self.session.execute(query)}

    # -- stored mail ----------------------------------------------------------
    def add_mail(self, mail: StoredMail, *, raw: bytes) -> None:
        insert_rows(
            self.session,
            _MAIL,
            {
                "message_id": mail.message_id,
                "header_id": mail.header_id[:500],
                "in_reply_to": mail.in_reply_to,
                "refs": mail.refs,
                "sender": mail.sender[:320],
                "sender_name": mail.sender_name[:200],
                "quoted": mail.quoted,
                "signature": mail.signature,
                "attachments": [dict(a) for a in mail.attachments],
                "suggestion": mail.suggestion,
                "raw": raw,
                "raw_complete": mail.raw_complete,
            },
        )

    def _mail_row(self, message_id: int) -> MailMessageRow:
        row = self.session.scalar(
            select(MailMessageRow).where(MailMessageRow.message_id == message_id)
        )
        if row is None:
            raise NotFound("imported message", message_id)
        return row

    def mail(self, message_id: int) -> StoredMail | None:
        row = self.session.scalar(
            select(MailMessageRow).where(MailMessageRow.message_id == message_id)
        )
        return _stored(row) if row else None

    def raw(self, message_id: int) -> bytes:
        return self._mail_row(message_id).raw

    def move_mail(self, *, from_message: int, to_message: int) -> None:
        """Hang an imported message's mail data on another stored message."""
        self._mail_row(from_message).message_id = to_message
        self.session.flush()

    def set_analysis(self, message_id: int, analysis: dict[str, object]) -> None:
        row = self.session.get(MessageRow, message_id)
        if row is None:
            raise NotFound("message", message_id)
        row.analysis = dict(analysis)

    def delete_message(self, message_id: int) -> None:
        self.session.execute(delete(MessageRow).where(MessageRow.id == message_id))

    def thread_for_header_ids(self, header_ids: Sequence[str]) -> int | None:
        """The feedback thread a message answers, from its In-Reply-To and References."""
        ids = [h for h in header_ids if h]
        if not ids:
            return None
        drafted = self.session.scalar(
            select(MailDraftRow.thread_id)
            .where(MailDraftRow.header_id.in_(ids))
            .order_by(MailDraftRow.id.desc())
        )
        if drafted is not None:
            return int(drafted)
        stored = self.session.scalar(
            select(MessageRow.thread_id)
            .join(MailMessageRow, MailMessageRow.message_id == MessageRow.id)
            .where(MailMessageRow.header_id.in_(ids), MessageRow.thread_id.is_not(None))
            .order_by(MessageRow.id.desc())
        )
        return int(stored) if stored is not None else None

    def add_draft(
        self, *, header_id: str, thread_id: int, step: str, placed: str, now: datetime
    ) -> None:
        self.session.add(
            MailDraftRow(
                header_id=header_id, thread_id=thread_id, step=step, placed=placed, created_at=now
            )
        )
        self.session.flush()

    # -- people and their domains ---------------------------------------------
    def contact_by_email(self, address: str) -> Contact | None:
        if not address:
            return None
        row = self.session.scalar(
            select(ContactRow)
            .where(func.lower(ContactRow.email) == address.lower())
            .order_by(ContactRow.id)
        )
        return convert.contact(row) if row else None

    def company_domains(self) -> dict[str, frozenset[str]]:
        """Each company's mail domains, from its contacts' addresses (lower-cased name keys)."""
        domains: dict[str, set[str]] = {}
        query = select(ContactRow.company, ContactRow.email).where(ContactRow.email != "")
        for company, email in self.session.execute(query):
            domain = address_domain(email)
            if company and domain:
                domains.setdefault(company.casefold(), set()).add(domain)
        return {k: frozenset(v) for k, v in domains.items()}
