"""Mail secrets on a multi-user server: sealed in the database, not in an OS keyring.

A server has no keyring per person, and the server's own would mix everyone's
passwords in one place the database's backups do not cover. ``SealedSecrets``
keeps each person's password or OAuth grant in the database instead, sealed
(``mail.sealed``) under a key kept in a file outside it: a database dump alone
opens no mailbox, and a row moved to another person does not open at all. It
is the ``Secrets`` the services already take (``mail_accounts``), so adding,
syncing and removing an account work as with the keyring.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from nextround.domain.errors import MailError
from nextround.mail.sealed import NOT_OPENED, SecretKey, seal, server_key, unseal
from nextround.services.mail_accounts import Secrets
from nextround.store import Database


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class SealedSecrets:
    """The secrets of the user ``db`` is scoped to, sealed with ``key``."""

    db: Database
    key: SecretKey
    clock: Callable[[], datetime] = _now

    def _owner(self) -> int:
        if self.db.owner is None:
            raise ValueError("sealed mail secrets belong to a server user (Database.scoped)")
        return self.db.owner

    def available(self) -> bool:
        return self.db.owner is not None and not self.db.read_only

    def store(self, account: str, username: str, password: str) -> None:
        owner = self._owner()
        nonce, sealed = seal(self.key, password, owner=owner, account=account, username=username)
        with self.db.unit() as repo:
            repo.mail_secrets.store(account, username, nonce=nonce, sealed=sealed, now=self.clock())

    def load(self, account: str, username: str) -> str | None:
        owner = self._owner()
        with self.db.unit() as repo:
            found = repo.mail_secrets.load(account, username)
        if found is None:
            return None
        nonce, sealed = found
        return unseal(self.key, nonce, sealed, owner=owner, account=account, username=username)

    def forget(self, account: str, username: str) -> None:
        self._owner()
        with self.db.unit() as repo:
            repo.mail_secrets.forget(account, username)


def sealed_secrets(key: SecretKey) -> Callable[[Database], Secrets]:
    """For each user's scoped database, their sealed secrets (what the web and workers use)."""

    def for_user(db: Database) -> Secrets:
        return SealedSecrets(db, key)

    return for_user


def server_secret_key(*, named: Path | None, data_dir: Path) -> SecretKey:
    """The server's mail secret key: the file named by NEXTROUND_SECRET_KEY_FILE, else
    ``data_dir/secret.key``, made (mode 600) on first start."""
    return server_key(named=named, data_dir=data_dir)


def reseal_mail_secrets(*, db: Database, old: SecretKey, new: SecretKey, now: datetime) -> int:
    """Seal every user's stored mail secrets again under ``new`` (rotating the key); how
    many were sealed anew.

    Every secret is opened first, and nothing is written unless all of them open
    (with ``old``, or with ``new`` for one an earlier, interrupted run did
    already), so a wrong old key changes nothing and a rerun finishes the job.
    Each user's secrets are read and written in units scoped to them, so it runs
    as a role bound by row-level security as well as the tables' owner.
    """
    with db.unit() as repo:
        owners = sorted(u.id for u in repo.accounts.users())
    opened: dict[int, list[tuple[str, str, str]]] = {}
    for owner in owners:
        with db.scoped(owner).unit() as repo:
            kept = repo.mail_secrets.everything()
        for account, username, nonce, sealed in kept:
            try:
                plain = unseal(old, nonce, sealed, owner=owner, account=account, username=username)
            except MailError as err:
                if not _opens(new, nonce, sealed, owner=owner, account=account, username=username):
                    raise MailError(
                        f"{NOT_OPENED}: neither the old key ({old.path}) nor the new one opens "
                        f"mail account {account!r} of user {owner}; nothing was changed"
                    ) from err
                continue  # sealed anew by an earlier run that stopped half-way
            opened.setdefault(owner, []).append((account, username, plain))
    for owner, secrets in opened.items():
        with db.scoped(owner).unit() as repo:
            for account, username, plain in secrets:
                nonce, sealed = seal(new, plain, owner=owner, account=account, username=username)
                repo.mail_secrets.store(account, username, nonce=nonce, sealed=sealed, now=now)
    return sum(len(s) for s in opened.values())


def _opens(key: SecretKey, nonce: bytes, sealed: bytes, **whose: Any) -> bool:
    try:
        unseal(key, nonce, sealed, **whose)
    except MailError:
        return False
    return True
