"""Importing mail: files on disk and IMAP accounts, through one idempotent pipeline.

Messages go in batches. A batch is parsed, then filed in one unit of work
together with its ledger rows, so a killed import leaves whole batches behind
and the next run carries on from the ledger: nothing doubled, nothing lost.
If anything in a batch fails, the batch is rolled back and filed again one
message per unit, so that one bad message costs only itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from nextround.analysis import Judge
from nextround.domain.errors import MailError, NextroundError, SignInExpired, StoreError
from nextround.domain.mailbox import (
    ImportSummary,
    LedgerEntry,
    LedgerStatus,
    MailAccount,
    Problem,
)
from nextround.mail.imap import ImapMailbox
from nextround.mail.parse import parse_message
from nextround.mail.sources import Item, Loaded, Source, load, message_key, open_source
from nextround.services.ingest_filing import (
    NO_TEXT,
    Filed,
    Lookup,
    Mail,
    file_message,
    to_inbox,
)
from nextround.store import Database, Repository

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Connect = Callable[[MailAccount], AbstractContextManager[ImapMailbox]]

IMPORT_LOCK = "import"  # one import or sync at a time into one database (one user's, on a server)
BATCH = 200
BATCH_BYTES = 20_000_000
MAX_LISTED = 200  # entries of each kind kept in a summary


@dataclass(slots=True)
class Fetched:
    """One message read from a source, with its place in the ledger."""

    where: str
    folder: str
    item_key: str
    loaded: Loaded | None
    message_key: str = ""
    uidvalidity: int | None = None
    uid: int | None = None
    duplicate_of: str = ""
    error: str = ""
    retry: bool = False  # the ledger already has a (failed) row for it


@dataclass(slots=True)
class _Prepared:
    fetched: Fetched
    mail: Mail | None = None
    error: str = ""
    notes: list[str] = field(default_factory=list)


def _prepare(item: Fetched) -> _Prepared:
    loaded = item.loaded
    if loaded is None:
        return _Prepared(item, error=item.error)
    if loaded.too_deep:
        return _Prepared(item, error=f"{item.where} nests MIME parts too deep to read")
    try:
        parsed = parse_message(loaded.data, name=item.where, dropped=loaded.dropped)
    except MailError as err:
        return _Prepared(item, error=str(err))
    except Exception as err:  # a parser bug must cost this message only, never the import
        log.exception("%s could not be parsed", item.where)
        return _Prepared(item, error=f"{item.where} could not be read ({type(err).__name__})")
    notes = list(parsed.notes)
    for gone in loaded.dropped:
        name = gone.filename or gone.content_type
        notes.append(f"attachment {name} ({gone.size / 1e6:.1f} MB) not loaded")
    if not loaded.complete:
        notes.append("kept without its attachments' contents")
    return _Prepared(item, Mail(parsed, loaded.data, loaded.complete), notes=notes)


def _ledger(prep: _Prepared, source: str, filed: Filed) -> LedgerEntry:
    f = prep.fetched
    return LedgerEntry(
        id=None,
        source=source,
        folder=f.folder,
        item_key=f.item_key,
        status=filed.status,
        message_key=f.message_key,
        uidvalidity=f.uidvalidity,
        uid=f.uid,
        error=filed.detail if filed.status is not LedgerStatus.FILED else "",
        message_id=filed.message_id,
    )


def _settle(
    repo: Repository,
    judge: Judge,
    prep: _Prepared,
    *,
    source: str,
    seen: dict[str, str],
    now: datetime,
    lookup: Lookup | None = None,
    claimed: set[str] | None = None,
) -> Filed:
    """File one message (its ledger row is the caller's to write, in the same unit).

    ``claimed``: the keys ``_claim_batch`` claimed for this unit; without it the
    message's key is claimed here, on its own.
    """
    f = prep.fetched
    if f.duplicate_of or (f.message_key and f.message_key in seen):
        where = f.duplicate_of or seen[f.message_key]
        filed = Filed(LedgerStatus.SKIPPED, None, f"already imported from {where}")
    elif prep.mail is None:
        filed = Filed(LedgerStatus.FAILED, None, prep.error)
    elif holder := _claimed_elsewhere(repo, f, source=source, now=now, claimed=claimed):
        filed = Filed(LedgerStatus.SKIPPED, None, f"already imported from {holder}")
    else:
        filed = file_message(repo, judge, prep.mail, now=now, lookup=lookup)
    if f.message_key and filed.status is not LedgerStatus.FAILED:
        seen.setdefault(f.message_key, source)
    return filed


def _claimed_elsewhere(
    repo: Repository, f: Fetched, *, source: str, now: datetime, claimed: set[str] | None = None
) -> str:
    """Claim the message's key for this unit; the source that holds it when another does.

    The database enforces the claim, so two imports running at once file a
    message once between them. A key claimed ahead in ``claimed`` serves one
    message, as a claim made here would.
    """
    if not f.message_key:
        return ""
    if claimed is None:
        if repo.mail.claim_key(f.message_key, source=source, now=now):
            return ""
    elif f.message_key[:500] in claimed:
        claimed.discard(f.message_key[:500])
        return ""
    log.debug("%s: key %s claimed by another import meanwhile", f.where, f.message_key)
    return repo.mail.known_message_keys([f.message_key]).get(f.message_key[:500], "another import")


def _claim_batch(
    repo: Repository,
    prepared: Sequence[_Prepared],
    *,
    seen: dict[str, str],
    source: str,
    now: datetime,
) -> set[str]:
    """Claim in one statement the keys ``_settle`` would claim one by one for a batch.

    It walks the batch as ``_settle`` will: a message skipped as a double, or
    read already, claims nothing; the first readable message with a key does.
    """
    seen_now = set(seen)
    wanted: list[str] = []
    for prep in prepared:
        key = prep.fetched.message_key
        if not key:
            continue
        if prep.fetched.duplicate_of or key in seen_now:
            seen_now.add(key)
        elif prep.mail is not None:
            wanted.append(key)
            seen_now.add(key)
    return repo.mail.claim_keys(wanted, source=source, now=now)


def _record(
    repo: Repository,
    settled: Sequence[tuple[_Prepared, Filed]],
    *,
    source: str,
    now: datetime,
) -> None:
    """The ledger rows of settled messages: new places in one statement, retries one by one."""
    new: list[LedgerEntry] = []
    for prep, filed in settled:
        entry = _ledger(prep, source, filed)
        if prep.fetched.retry:
            repo.mail.record(entry, now=now)
        else:
            new.append(entry)
    repo.mail.record_many(new, now=now)


def _settle_alone(
    db: Database,
    judge: Judge,
    prep: _Prepared,
    *,
    source: str,
    seen: dict[str, str],
    now: datetime,
) -> Filed:
    try:
        with db.unit() as repo:
            filed = _settle(repo, judge, prep, source=source, seen=seen, now=now)
            _record(repo, [(prep, filed)], source=source, now=now)
            return filed
    except StoreError:
        raise
    except NextroundError as err:
        reason = str(err)
    except Exception as err:
        log.exception("%s could not be filed", prep.fetched.where)
        reason = f"could not be filed ({type(err).__name__}: {err})"
        with db.unit() as repo:
            filed = Filed(LedgerStatus.FAILED, None, reason)
            _record(repo, [(prep, filed)], source=source, now=now)
            return filed
    assert prep.mail is not None
    with db.unit() as repo:
        if holder := _claimed_elsewhere(repo, prep.fetched, source=source, now=now):
            filed = Filed(LedgerStatus.SKIPPED, None, f"already imported from {holder}")
        else:
            filed = to_inbox(repo, prep.mail, now=now, guess="unknown", reason=reason)
        _record(repo, [(prep, filed)], source=source, now=now)
        return filed


def _file_batch(
    db: Database,
    judge: Judge,
    batch: Sequence[Fetched],
    *,
    source: str,
    summary: ImportSummary,
    now: datetime,
) -> None:
    prepared = [_prepare(item) for item in batch]
    keys = [p.fetched.message_key for p in prepared if p.fetched.message_key]
    try:
        with db.unit() as repo:
            seen = repo.mail.known_message_keys(keys)
            claimed = _claim_batch(repo, prepared, seen=seen, source=source, now=now)
            lookup = Lookup(repo)
            outcomes = [
                _settle(
                    repo,
                    judge,
                    p,
                    source=source,
                    seen=seen,
                    now=now,
                    lookup=lookup,
                    claimed=claimed,
                )
                for p in prepared
            ]
            _record(repo, list(zip(prepared, outcomes, strict=True)), source=source, now=now)
    except StoreError:
        raise
    except Exception:
        log.debug("a batch of %d failed; filing its messages one by one", len(batch), exc_info=True)
        with db.unit() as repo:
            seen = repo.mail.known_message_keys(keys)
        outcomes = [
            _settle_alone(db, judge, p, source=source, seen=seen, now=now) for p in prepared
        ]
    for prep, filed in zip(prepared, outcomes, strict=True):
        summary.count(filed.status)
        where = prep.fetched.where
        odd = filed.status is LedgerStatus.FAILED or filed.detail == NO_TEXT
        if odd and len(summary.problems) < MAX_LISTED:
            summary.problems.append(Problem(where, filed.status, filed.detail))
        for note in prep.notes:
            if len(summary.notes) < MAX_LISTED:
                summary.notes.append(Problem(where, filed.status, note))


# --- files ---------------------------------------------------------------------------


def _file_batches(items: Iterator[Item]) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _load(item: Item) -> Fetched:
    try:
        loaded = load(item)
    except MailError as err:
        return Fetched(item.where, item.folder, item.key or item.where, None, error=str(err))
    key = message_key(loaded.data)
    return Fetched(item.where, item.folder, item.key or key, loaded, message_key=key)


def _fresh(
    db: Database, source: str, fetched: list[Fetched], *, retry_failed: bool
) -> tuple[list[Fetched], int]:
    """The messages the ledger has not seen (or saw fail, when retrying), and how many it has."""
    by_folder: dict[str, list[str]] = {}
    for f in fetched:
        by_folder.setdefault(f.folder, []).append(f.item_key)
    known: dict[tuple[str, str], str] = {}
    with db.unit() as repo:
        for folder, item_keys in by_folder.items():
            for key, state in repo.mail.ledger_statuses(source, folder, item_keys).items():
                known[(folder, key)] = state
    fresh: list[Fetched] = []
    seen: set[tuple[str, str]] = set()
    for f in fetched:
        place = (f.folder, f.item_key)
        status = known.get(place)
        again = retry_failed and status == LedgerStatus.FAILED.value
        if (status is None or again) and place not in seen:
            f.retry = again
            fresh.append(f)
            seen.add(place)
    return fresh, len(fetched) - len(fresh)


def import_path(
    *,
    db: Database,
    judge: Judge,
    path: Path,
    now: datetime,
    progress: Progress | None = None,
    retry_failed: bool = False,
    on_wait: Callable[[], None] | None = None,
) -> ImportSummary:
    """Import an .eml, a folder of them, an mbox or a Maildir.

    The summary says what became of each message read. One import at a time
    runs into a database; another waits for it (``on_wait`` says so) and then
    finds its messages already there.
    """
    source = open_source(path)
    summary = ImportSummary()
    try:
        with db.lock(import_lock(db), on_wait=on_wait):
            _import_source(db, judge, source, summary, now, progress, retry_failed)
    finally:
        source.close()
    return summary


def _import_source(
    db: Database,
    judge: Judge,
    source: Source,
    summary: ImportSummary,
    now: datetime,
    progress: Progress | None,
    retry_failed: bool,
) -> int:
    total, done = source.count(), 0
    for items in _file_batches(source.items()):
        fetched: list[Fetched] = []
        size = 0
        for item in items:
            one = _load(item)
            fetched.append(one)
            size += len(one.loaded.data) if one.loaded else 0
            if size > BATCH_BYTES:
                done += _import_some(db, judge, source.name, fetched, summary, now, retry_failed)
                fetched, size = [], 0
        done += _import_some(db, judge, source.name, fetched, summary, now, retry_failed)
        if progress:
            progress(done, total)
    return done


def _import_some(
    db: Database,
    judge: Judge,
    source: str,
    fetched: list[Fetched],
    summary: ImportSummary,
    now: datetime,
    retry: bool,
) -> int:
    fresh, already = _fresh(db, source, fetched, retry_failed=retry)
    summary.already += already
    if fresh:
        _file_batch(db, judge, fresh, source=source, summary=summary, now=now)
    return len(fetched)


def import_lock(db: Database) -> str:
    """The lock an import into ``db`` takes: the database's, or on a server the user's
    (each person's mail is filed apart: their keys and ledger are their own)."""
    return IMPORT_LOCK if db.owner is None else f"{IMPORT_LOCK}:user:{db.owner}"


# --- IMAP --------------------------------------------------------------------------


def _chunks(values: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _header_key(head: bytes) -> str:
    return message_key(head + b"\r\n\r\n") if b"<" in head else ""


def _sync_folder(
    db: Database,
    judge: Judge,
    box: ImapMailbox,
    account: MailAccount,
    folder: str,
    *,
    since: date | None,
    summary: ImportSummary,
    now: datetime,
    progress: Progress | None,
    retry_failed: bool,
    batch: int,
) -> None:
    source = account.source
    validity = box.select(folder)
    uids = box.search(since=since)
    with db.unit() as repo:
        done = repo.mail.ledger_uids(source, folder, validity)
        renumbered = not done and bool(repo.mail.folder_validities(source, folder) - {validity})
    if renumbered:
        summary.notes.append(
            Problem(
                f"{account.name}/{folder}",
                LedgerStatus.SKIPPED,
                "the server renumbered this folder (UIDVALIDITY changed); "
                "messages already imported are recognised by Message-ID",
            )
        )
    failed = LedgerStatus.FAILED.value
    todo = [u for u in uids if u not in done or (retry_failed and done[u] == failed)]
    summary.already += len(uids) - len(todo)
    total, count = len(todo), 0
    for chunk in _chunks(todo, batch):
        heads = box.heads(chunk)
        keys = {uid: _header_key(head) for uid, (_size, head) in heads.items()}
        with db.unit() as repo:
            known = repo.mail.known_message_keys([k for k in keys.values() if k])
        wanted = [u for u in chunk if u in heads and keys.get(u, "") not in known]
        bodies = box.fetch(wanted, sizes={u: s for u, (s, _h) in heads.items()})
        fetched: list[Fetched] = []
        for uid in chunk:
            if uid not in heads:
                continue  # deleted on the server since the search
            where = f"{account.name}/{folder} UID {uid}"
            item_key = f"{validity}:{uid}"
            key = keys.get(uid, "")
            loaded = bodies.get(uid)
            if key not in known and loaded is None:
                continue
            fetched.append(
                Fetched(
                    where,
                    folder,
                    item_key,
                    None if key in known else loaded,
                    key or (message_key(loaded.data) if loaded else ""),
                    uidvalidity=validity,
                    uid=uid,
                    duplicate_of=known.get(key, ""),
                    retry=uid in done,
                )
            )
        _file_batch(db, judge, fetched, source=source, summary=summary, now=now)
        count += len(chunk)
        if progress:
            progress(count, total)


def sync_account(
    *,
    db: Database,
    judge: Judge,
    account: MailAccount,
    connect: Connect,
    now: datetime,
    since: date | None = None,
    folders: Sequence[str] = (),
    progress: Progress | None = None,
    retry_failed: bool = False,
    batch: int = 100,
    on_wait: Callable[[], None] | None = None,
) -> ImportSummary:
    """Read the new mail of an IMAP account's folders (read-only) and file it.

    A lost connection or a refused login ends this account's sync with an
    error in the summary; what was filed before stays, and the next sync
    carries on from the ledger. It holds the import lock of ``db`` (``import_lock``):
    one sync at a time per person.
    """
    summary = ImportSummary()
    try:
        with db.lock(import_lock(db), on_wait=on_wait), connect(account) as box:
            for folder in folders or account.folders:
                _sync_folder(
                    db,
                    judge,
                    box,
                    account,
                    folder,
                    since=since or account.since,
                    summary=summary,
                    now=now,
                    progress=progress,
                    retry_failed=retry_failed,
                    batch=batch,
                )
    except SignInExpired:
        raise  # one line that says what to do, not a summary of nothing read
    except MailError as err:
        summary.errors.append(f"{account.name}: {err}")
    return summary
