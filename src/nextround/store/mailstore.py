"""The mail tables: accounts, the ingestion ledger, stored mail and placed drafts.

On a multi-user server a ``MailStore`` belongs to one user (``owner``), like the
``Repository`` that hands it out: it reads only that user's rows, and every
row it writes is theirs. The texts that key a row (an account's name, a ledger
row's source, a claimed message key) are stored with the owner in front
(``owned_key``, as migration 0013 did for import keys), so the uniques that
make an import idempotent hold per person; the store adds and strips the mark,
and callers see the names they gave. The local app (no owner) is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Delete, Select, Table, delete, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from nextround.domain.errors import InvalidInput, NotFound
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
from nextround.store.repository import owned_key
from nextround.store.tables import (
    ContactRow,
    MailAccountRow,
    MailDraftRow,
    MailKeyRow,
    MailLedgerRow,
    MailMessageRow,
    MailSecretRow,
    MessageRow,
)

_KEYS_FROM_LEDGER = """
INSERT INTO mail_keys (message_key, source, created_at)
SELECT message_key, MIN(source), MIN(created_at) FROM mail_ledger
WHERE message_key <> '' AND status <> 'failed'
  AND owner_id IS NULL AND message_key NOT IN (SELECT message_key FROM mail_keys)
GROUP BY message_key
"""
_CHUNK = 500  # ids per IN (...) query, well under every backend's parameter limit
_LEDGER, _MAIL, _KEYS = table_of(MailLedgerRow), table_of(MailMessageRow), table_of(MailKeyRow)


def _ledger_values(entry: LedgerEntry, *, owner: int | None, now: datetime) -> dict[str, object]:
    """A ledger entry as the columns of its row, written ``now`` for ``owner``."""
    return {
        "owner_id": owner,
        "source": owned_key(owner, entry.source),
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


def _unmark(owner: int | None, key: str) -> str:
    """A stored key as its owner gave it (``owned_key`` undone)."""
    return key[len(owned_key(owner, "")) :]


def _account(row: MailAccountRow) -> MailAccount:
    return MailAccount(
        id=row.id,
        name=_unmark(row.owner_id, row.name),
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
        source=_unmark(row.owner_id, row.source),
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


Mine = TypeVar("Mine", bound=Select[*tuple[Any, ...]] | Delete)
Owned = (
    type[MailAccountRow]
    | type[MailLedgerRow]
    | type[MailKeyRow]
    | type[MailMessageRow]
    | type[MailDraftRow]
    | type[MessageRow]
    | type[ContactRow]
)


class MailStore:
    def __init__(self, session: Session, *, owner: int | None = None) -> None:
        self.session = session
        self.owner = owner

    def _mine(self, query: Mine, *kinds: Owned) -> Mine:
        """``query`` narrowed to this user's rows of each of ``kinds`` (the local app: all)."""
        if self.owner is None:
            return query
        return query.where(*(kind.owner_id == self.owner for kind in kinds))  # type: ignore[return-value]

    def _key(self, key: str) -> str:
        return owned_key(self.owner, key)

    def _is_mine(self, row: Any) -> bool:
        return row is not None and (self.owner is None or row.owner_id == self.owner)

    # -- accounts -------------------------------------------------------------
    def add_account(self, account: MailAccount, *, now: datetime) -> MailAccount:
        row = MailAccountRow(
            owner_id=self.owner,
            name=self._key(account.name),
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
        query = select(MailAccountRow).where(MailAccountRow.name == self._key(name))
        row = self.session.scalar(self._mine(query, MailAccountRow))
        if row is None:
            raise NotFound("mail account", repr(name))
        return _account(row)

    def has_account(self, name: str) -> bool:
        query = select(MailAccountRow.id).where(MailAccountRow.name == self._key(name))
        return self.session.scalar(self._mine(query, MailAccountRow)) is not None

    def accounts(self) -> list[MailAccount]:
        query = select(MailAccountRow).order_by(MailAccountRow.id)
        return [_account(r) for r in self.session.scalars(self._mine(query, MailAccountRow))]

    def remove_account(self, name: str) -> None:
        self.account(name)
        gone = delete(MailAccountRow).where(MailAccountRow.name == self._key(name))
        self.session.execute(self._mine(gone, MailAccountRow))

    # -- the ledger -----------------------------------------------------------
    def ledger_statuses(self, source: str, folder: str, item_keys: Sequence[str]) -> dict[str, str]:
        """The status of each of ``item_keys`` already in the ledger."""
        found: dict[str, str] = {}
        for chunk in _chunks(item_keys):
            query = select(MailLedgerRow.item_key, MailLedgerRow.status).where(
                MailLedgerRow.source == self._key(source),
                MailLedgerRow.folder == folder,
                MailLedgerRow.item_key.in_(chunk),
            )
            found.update({k: s for k, s in self.session.execute(self._mine(query, MailLedgerRow))})
        return found

    def ledger_uids(self, source: str, folder: str, uidvalidity: int) -> dict[int, str]:
        query = select(MailLedgerRow.uid, MailLedgerRow.status).where(
            MailLedgerRow.source == self._key(source),
            MailLedgerRow.folder == folder,
            MailLedgerRow.uidvalidity == uidvalidity,
        )
        rows = self.session.execute(self._mine(query, MailLedgerRow))
        return {int(u): s for u, s in rows if u is not None}

    def folder_validities(self, source: str, folder: str) -> set[int]:
        query = (
            select(MailLedgerRow.uidvalidity)
            .where(MailLedgerRow.source == self._key(source), MailLedgerRow.folder == folder)
            .distinct()
        )
        rows = self.session.scalars(self._mine(query, MailLedgerRow))
        return {int(v) for v in rows if v is not None}

    def known_message_keys(self, keys: Sequence[str]) -> dict[str, str]:
        """For each key already filed, waiting or skipped anywhere: the source it came from."""
        found: dict[str, str] = {}
        wanted = {self._key(k)[:500]: k[:500] for k in dict.fromkeys(keys) if k}
        for chunk in _chunks(list(wanted)):
            query = select(MailKeyRow.message_key, MailKeyRow.source).where(
                MailKeyRow.message_key.in_(chunk)
            )
            rows = self.session.execute(self._mine(query, MailKeyRow))
            found.update({wanted[key]: source for key, source in rows})
        return found

    def claim_key(self, key: str, *, source: str, now: datetime) -> bool:
        """Claim a message's key for this unit of work; False when it is someone else's.

        The INSERT does nothing on conflict, so a key another import holds (or
        is filing at this moment: PostgreSQL waits for that transaction, SQLite
        lets one writer in at a time) is never filed twice nor an error.
        """
        values = {
            "message_key": self._key(key)[:500],
            "owner_id": self.owner,
            "source": source[:500],
            "created_at": now,
        }
        statement = _upsert(self.session).values(values).on_conflict_do_nothing()
        claimed = self.session.execute(statement.returning(_KEYS.c.message_key))
        return claimed.first() is not None

    def claim_keys(self, keys: Sequence[str], *, source: str, now: datetime) -> set[str]:
        """Claim many keys at once, as ``claim_key`` does one; the keys claimed (as stored,
        cut to 500 characters), in one statement per chunk."""
        wanted = {self._key(k)[:500]: k[:500] for k in keys if k}
        claimed: set[str] = set()
        for chunk in _chunks(list(wanted)):
            mine = {"owner_id": self.owner, "source": source[:500], "created_at": now}
            rows = [{"message_key": k, **mine} for k in chunk]
            statement = _upsert(self.session).on_conflict_do_nothing()
            result = self.session.execute(statement.returning(_KEYS.c.message_key), rows)
            claimed.update(wanted[k] for k in result.scalars())
        return claimed

    def rebuild_keys(self) -> None:
        """The key claims from the ledger (after a restore, which does not carry them).

        A restore is the local app's (a server refuses whole-database work), so
        only the local rows (no owner) are rebuilt."""
        self.session.flush()
        self.session.execute(text(_KEYS_FROM_LEDGER))

    def record(self, entry: LedgerEntry, *, now: datetime) -> None:
        """Update the ledger row with the same place (a retried failure), or add one.

        New places, many at a time, go in with ``record_many``.
        """
        query = select(MailLedgerRow).where(
            MailLedgerRow.source == self._key(entry.source),
            MailLedgerRow.folder == entry.folder,
            MailLedgerRow.item_key == entry.item_key,
        )
        row = self.session.scalar(self._mine(query, MailLedgerRow))
        values = _ledger_values(entry, owner=self.owner, now=now)
        if row is None:
            self.session.add(MailLedgerRow(**values))
            return
        for name, value in values.items():
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
            rows = [_ledger_values(e, owner=self.owner, now=now) for e in entries]
            self.session.execute(statement, rows)

    def ledger_entry(self, ledger_id: int) -> LedgerEntry:
        row = self.session.get(MailLedgerRow, ledger_id)
        if row is None or not self._is_mine(row):
            raise NotFound("inbox item", ledger_id)
        return _entry(row)

    def set_ledger_status(
        self, ledger_id: int, status: LedgerStatus, *, message_id: int | None, now: datetime
    ) -> None:
        row = self.session.get(MailLedgerRow, ledger_id)
        if row is None or not self._is_mine(row):
            raise NotFound("inbox item", ledger_id)
        row.status, row.message_id, row.updated_at = status.value, message_id, now

    def ledger(self, *, status: LedgerStatus | None = None) -> list[LedgerEntry]:
        query = self._mine(select(MailLedgerRow).order_by(MailLedgerRow.id), MailLedgerRow)
        if status is not None:
            query = query.where(MailLedgerRow.status == status.value)
        return [_entry(r) for r in self.session.scalars(query)]

    def count_ledger(self, *, source: str | None = None) -> dict[str, int]:
        query = select(MailLedgerRow.status, func.count(MailLedgerRow.id)).group_by(
            MailLedgerRow.status
        )
        query = self._mine(query, MailLedgerRow)
        if source is not None:
            query = query.where(MailLedgerRow.source == self._key(source))
        return {s: int(n) for s, n in self.session.execute(query)}

    # -- stored mail ----------------------------------------------------------
    def add_mail(self, mail: StoredMail, *, raw: bytes) -> None:
        insert_rows(
            self.session,
            _MAIL,
            {
                "message_id": mail.message_id,
                "owner_id": self.owner,
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

    def _find_mail(self, message_id: int) -> MailMessageRow | None:
        query = select(MailMessageRow).where(MailMessageRow.message_id == message_id)
        return self.session.scalar(self._mine(query, MailMessageRow))

    def _mail_row(self, message_id: int) -> MailMessageRow:
        row = self._find_mail(message_id)
        if row is None:
            raise NotFound("imported message", message_id)
        return row

    def mail(self, message_id: int) -> StoredMail | None:
        row = self._find_mail(message_id)
        return _stored(row) if row else None

    def raw(self, message_id: int) -> bytes:
        return self._mail_row(message_id).raw

    def move_mail(self, *, from_message: int, to_message: int) -> None:
        """Hang an imported message's mail data on another stored message (of the same user)."""
        self._message_row(to_message)
        self._mail_row(from_message).message_id = to_message
        self.session.flush()

    def _message_row(self, message_id: int) -> MessageRow:
        row = self.session.get(MessageRow, message_id)
        if row is None or not self._is_mine(row):
            raise NotFound("message", message_id)
        return row

    def set_analysis(self, message_id: int, analysis: dict[str, object]) -> None:
        self._message_row(message_id).analysis = dict(analysis)

    def delete_message(self, message_id: int) -> None:
        gone = delete(MessageRow).where(MessageRow.id == message_id)
        self.session.execute(self._mine(gone, MessageRow))

    def thread_for_header_ids(self, header_ids: Sequence[str]) -> int | None:
        """The feedback thread a message answers, from its In-Reply-To and References."""
        ids = [h for h in header_ids if h]
        if not ids:
            return None
        drafted = self.session.scalar(
            self._mine(
                select(MailDraftRow.thread_id)
                .where(MailDraftRow.header_id.in_(ids))
                .order_by(MailDraftRow.id.desc()),
                MailDraftRow,
            )
        )
        if drafted is not None:
            return int(drafted)
        stored = self.session.scalar(
            self._mine(
                select(MessageRow.thread_id)
                .join(MailMessageRow, MailMessageRow.message_id == MessageRow.id)
                .where(MailMessageRow.header_id.in_(ids), MessageRow.thread_id.is_not(None))
                .order_by(MessageRow.id.desc()),
                MessageRow,
                MailMessageRow,
            )
        )
        return int(stored) if stored is not None else None

    def add_draft(
        self, *, header_id: str, thread_id: int, step: str, placed: str, now: datetime
    ) -> None:
        self.session.add(
            MailDraftRow(
                owner_id=self.owner,
                header_id=header_id,
                thread_id=thread_id,
                step=step,
                placed=placed,
                created_at=now,
            )
        )
        self.session.flush()

    # -- people and their domains ---------------------------------------------
    def contact_by_email(self, address: str) -> Contact | None:
        if not address:
            return None
        query = (
            select(ContactRow)
            .where(func.lower(ContactRow.email) == address.lower())
            .order_by(ContactRow.id)
        )
        row = self.session.scalar(self._mine(query, ContactRow))
        return convert.contact(row) if row else None

    def company_domains(self) -> dict[str, frozenset[str]]:
        """Each company's mail domains, from its contacts' addresses (lower-cased name keys)."""
        domains: dict[str, set[str]] = {}
        query = select(ContactRow.company, ContactRow.email).where(ContactRow.email != "")
        query = self._mine(query, ContactRow)
        for company, email in self.session.execute(query):
            domain = address_domain(email)
            if company and domain:
                domains.setdefault(company.casefold(), set()).add(domain)
        return {k: frozenset(v) for k, v in domains.items()}


class MailSecretStore:
    """A server user's sealed mail secrets: the bytes only; sealing is ``services.sealed``'s."""

    def __init__(self, session: Session, *, owner: int | None) -> None:
        if owner is None:
            raise InvalidInput("mail secrets in the database are a multi-user server's")
        self.session = session
        self.owner = owner

    def _row(self, account: str, username: str) -> MailSecretRow | None:
        return self.session.scalar(
            select(MailSecretRow).where(
                MailSecretRow.owner_id == self.owner,
                MailSecretRow.account == account,
                MailSecretRow.username == username,
            )
        )

    def load(self, account: str, username: str) -> tuple[bytes, bytes] | None:
        """The nonce and ciphertext kept for the account, if any."""
        row = self._row(account, username)
        return (row.nonce, row.sealed) if row else None

    def store(
        self, account: str, username: str, *, nonce: bytes, sealed: bytes, now: datetime
    ) -> None:
        row = self._row(account, username)
        if row is None:
            row = MailSecretRow(owner_id=self.owner, account=account, username=username)
            self.session.add(row)
        row.nonce, row.sealed, row.updated_at = nonce, sealed, now
        self.session.flush()

    def everything(self) -> list[tuple[str, str, bytes, bytes]]:
        """Each secret kept: account, user name, nonce, ciphertext (to seal them anew)."""
        query = (
            select(
                MailSecretRow.account,
                MailSecretRow.username,
                MailSecretRow.nonce,
                MailSecretRow.sealed,
            )
            .where(MailSecretRow.owner_id == self.owner)
            .order_by(MailSecretRow.id)
        )
        return [(a, u, bytes(n), bytes(s)) for a, u, n, s in self.session.execute(query)]

    def forget(self, account: str, username: str) -> None:
        self.session.execute(
            delete(MailSecretRow).where(
                MailSecretRow.owner_id == self.owner,
                MailSecretRow.account == account,
                MailSecretRow.username == username,
            )
        )
