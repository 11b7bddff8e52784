"""IMAP accounts: add, list, remove, and the password each connection needs.

The password is never stored in the database: it goes to the system keyring
when there is one; otherwise it comes from NEXTROUND_MAIL_PASSWORD or a
prompt at each sync (the entry point supplies both).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from nextround.domain.errors import InvalidInput, MailError
from nextround.domain.mailbox import MailAccount, Security
from nextround.mail.imap import ImapMailbox, connect
from nextround.services.ingest import Connect
from nextround.store import Database

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class Secrets(Protocol):
    def available(self) -> bool: ...

    def store(self, account: str, username: str, password: str) -> None: ...

    def load(self, account: str, username: str) -> str | None: ...

    def forget(self, account: str, username: str) -> None: ...


@dataclass(frozen=True, slots=True)
class Passwords:
    """Where a connection's password may come from, in order."""

    secrets: Secrets
    env_password: str | None = None
    prompt: Callable[[str], str] | None = None

    def password_for(self, account: MailAccount) -> str:
        if account.password_in_keyring:
            found = self.secrets.load(account.name, account.username)
            if found:
                return found
        if self.env_password:
            return self.env_password
        if self.prompt is not None:
            return self.prompt(f"IMAP password for {account.username} at {account.host}")
        raise MailError(
            f"no password for mail account {account.name!r}: set NEXTROUND_MAIL_PASSWORD "
            "or run in a terminal to be asked"
            + ("" if account.password_in_keyring else " (no keyring on this machine)")
        )


def connector(passwords: Passwords) -> Connect:
    """Connect to an account with the password from ``passwords``."""

    @contextmanager
    def open_account(account: MailAccount) -> Iterator[ImapMailbox]:
        with connect(account, passwords.password_for(account)) as box:
            yield box

    return open_account


def _account(
    *,
    name: str,
    host: str,
    username: str,
    port: int | None,
    security: Security,
    folders: Sequence[str],
    drafts_folder: str,
    since: date | None,
    address: str,
    ca_file: str,
) -> MailAccount:
    if not _NAME.match(name):
        raise InvalidInput(
            f"account name {name!r}: use letters, digits, '.', '_' or '-' (at most 64)"
        )
    host = host.strip()
    if not host or " " in host or "/" in host:
        raise InvalidInput(f"{host!r} is not a host name")
    if not username.strip():
        raise InvalidInput("the IMAP user name must not be empty")
    port = port or (993 if security is Security.TLS else 143)
    if not 0 < port < 65536:
        raise InvalidInput(f"port {port} is not a port number")
    chosen = [f.strip() for f in folders if f.strip()] or ["INBOX"]
    if address and ("@" not in address or " " in address.strip()):
        raise InvalidInput(f"{address!r} is not an email address")
    return MailAccount(
        id=None,
        name=name,
        host=host,
        port=port,
        username=username.strip(),
        security=security,
        folders=list(dict.fromkeys(chosen)),
        drafts_folder=drafts_folder.strip(),
        since=since,
        address=address.strip(),
        ca_file=ca_file,
    )


def add_account(
    *,
    db: Database,
    name: str,
    host: str,
    username: str,
    password: str | None,
    secrets: Secrets,
    verify: Connect | None,
    port: int | None = None,
    security: Security = Security.TLS,
    folders: Sequence[str] = (),
    drafts_folder: str = "",
    since: date | None = None,
    address: str = "",
    ca_file: str = "",
    now: datetime,
) -> MailAccount:
    """Check the account logs in and has its folders, keep its password safe, store it."""
    account = _account(
        name=name,
        host=host,
        username=username,
        port=port,
        security=security,
        folders=folders,
        drafts_folder=drafts_folder,
        since=since,
        address=address,
        ca_file=ca_file,
    )
    with db.unit() as repo:
        if repo.mail.has_account(name):
            raise InvalidInput(f"there is already a mail account named {name!r}")
    if verify is not None:
        with verify(account) as box:
            present = set(box.folders())
        missing = [f for f in account.folders if f not in present]
        if missing:
            raise MailError(
                f"{account.host} has no folder {missing[0]!r}; it has: "
                + ", ".join(sorted(present)[:20])
            )
    if password and secrets.available():
        secrets.store(account.name, account.username, password)
        account.password_in_keyring = True
    with db.unit() as repo:
        return repo.mail.add_account(account, now=now)


def list_accounts(*, db: Database) -> list[MailAccount]:
    with db.unit() as repo:
        return repo.mail.accounts()


def get_accounts(*, db: Database, name: str | None = None) -> list[MailAccount]:
    """The named account, or every account; an error when there is none."""
    with db.unit() as repo:
        if name:
            return [repo.mail.account(name)]
        accounts = repo.mail.accounts()
    if not accounts:
        raise InvalidInput(
            "no mail account yet: nextround mail add-account NAME --host ... --user ..."
        )
    return accounts


def remove_account(*, db: Database, name: str, secrets: Secrets) -> MailAccount:
    """Forget an account and its keyring entry; what it imported stays."""
    with db.unit() as repo:
        account = repo.mail.account(name)
        repo.mail.remove_account(name)
    secrets.forget(account.name, account.username)
    return account
