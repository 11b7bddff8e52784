"""IMAP accounts: add, list, remove, and the password or token each connection needs.

On the local app the password is never stored in the database: it goes to the
system keyring when there is one; otherwise it comes from
NEXTROUND_MAIL_PASSWORD or a prompt at each sync (the entry point supplies
both). A multi-user server hands in ``services.mail_secrets.SealedSecrets``
instead: each person's secrets sealed in the database under a key kept
outside it. Every function here works on the accounts of the user ``db`` is
scoped to.

An OAuth2 account (Microsoft, Google) keeps its grant in the same keyring
entry instead of a password, and needs a keyring: its refresh token must
outlive the process. Each connection takes a fresh access token, refreshing
it when it is old and saving the grant again every time (Microsoft hands out
a new refresh token on each refresh); a grant the provider refuses ends in
``SignInExpired``, which says to run ``nextround mail reauth``.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from nextround.analysis import Judge
from nextround.domain.errors import InvalidInput, LoginRefused, MailError, SignInExpired
from nextround.domain.mailbox import ImportSummary, MailAccount, Security, SignIn
from nextround.mail.imap import ImapMailbox, TokenRefused, connect, sign_in
from nextround.mail.oauth import (
    DeviceCode,
    Grant,
    GrantRefused,
    Provider,
    loopback_sign_in,
    poll_device_sign_in,
    refresh,
    start_device_sign_in,
    wait_device_sign_in,
)
from nextround.services.ingest import Connect
from nextround.store import Database

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
log = logging.getLogger(__name__)


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
    providers: Mapping[SignIn, Provider] = field(default_factory=dict)
    clock: Callable[[], float] = time.time

    def token_for(self, account: MailAccount, *, renew: bool = False) -> str:
        """An access token for an OAuth2 account, refreshed when old (or ``renew``);
        the grant is saved again after every refresh, rotated refresh token and all."""
        grant = _saved_grant(self.secrets, account)
        if grant is None:
            raise MailError(
                f"mail account {account.name!r}: no sign-in saved in this machine's keyring; "
                f"sign in with `nextround mail reauth {account.name}`"
            )
        now = self.clock()
        if renew or not grant.fresh(now):
            provider = self.providers.get(account.sign_in)
            if provider is None:
                raise MailError(f"no {account.sign_in.value} sign-in is set up here")
            log.debug("refreshing the access token of mail account %s", account.name)
            try:
                grant = refresh(provider, grant, now=now)
            except GrantRefused as err:
                # another process (the web app, a second sync) may have just rotated it
                newer = _saved_grant(self.secrets, account)
                if newer is None or newer.refresh_token == grant.refresh_token:
                    log.info("the grant of mail account %s was refused: %s", account.name, err)
                    raise SignInExpired(account.name) from err
                return self.token_for(account, renew=renew and not newer.fresh(now))
            self.secrets.store(account.name, account.username, grant.to_json())
        return grant.access_token

    def password_for(self, account: MailAccount) -> str:
        if account.password_in_keyring:
            found = self.secrets.load(account.name, account.username)
            if found:
                return found
        if self.env_password:
            return self.env_password
        if self.prompt is not None:
            return self.prompt(f"IMAP password for {account.username} at {account.host}")
        raise LoginRefused(
            f"no password for mail account {account.name!r}: set NEXTROUND_MAIL_PASSWORD "
            "or run in a terminal to be asked"
            + ("" if account.password_in_keyring else " (no keyring on this machine)")
        )


def connector(passwords: Passwords) -> Connect:
    """Connect to an account with the password from ``passwords``."""

    @contextmanager
    def open_account(account: MailAccount) -> Iterator[ImapMailbox]:
        if not account.sign_in.oauth:
            with connect(account, passwords.password_for(account)) as box:
                yield box
            return
        try:
            box = sign_in(account, passwords.token_for(account), oauth2=True)
        except TokenRefused:  # revoked early, or a clock that disagrees: one fresh token
            try:
                box = sign_in(account, passwords.token_for(account, renew=True), oauth2=True)
            except TokenRefused as err:
                raise SignInExpired(account.name) from err
        try:
            yield box
        finally:
            box.logout()

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
    grant: Grant | None = None,
    now: datetime,
) -> MailAccount:
    """Check the account logs in and has its folders, keep its password safe, store it.

    With ``grant`` (an OAuth2 sign-in) the grant is kept in the keyring instead of
    a password, before the check, which signs in with it; a failed check forgets it.
    """
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
    if grant is not None:
        if not secrets.available():
            raise InvalidInput(
                "signing in with OAuth2 needs a system keyring to keep the sign-in; "
                "none is available here"
            )
        account.sign_in = SignIn(grant.provider)
        secrets.store(account.name, account.username, grant.to_json())
    if verify is not None:
        try:
            _check_folders(verify, account)
        except BaseException:
            if grant is not None:
                secrets.forget(account.name, account.username)
            raise
    if password and grant is None and secrets.available():
        secrets.store(account.name, account.username, password)
        account.password_in_keyring = True
    with db.unit() as repo:
        return repo.mail.add_account(account, now=now)


def check_new_oauth_account(*, db: Database, name: str, secrets: Secrets) -> None:
    """Before sending the user to sign in: the name is free and there is a keyring."""
    with db.unit() as repo:
        if repo.mail.has_account(name):
            raise InvalidInput(f"there is already a mail account named {name!r}")
    if not secrets.available():
        raise InvalidInput(
            "signing in with OAuth2 needs a system keyring to keep the sign-in; "
            "none is available here"
        )


def _check_folders(verify: Connect, account: MailAccount) -> None:
    with verify(account) as box:
        present = set(box.folders())
    missing = [f for f in account.folders if f not in present]
    if missing:
        raise MailError(
            f"{account.host} has no folder {missing[0]!r}; it has: "
            + ", ".join(sorted(present)[:20])
        )


def oauth_sign_in(
    *,
    provider: Provider,
    client_id: str,
    client_secret: str = "",
    login_hint: str = "",
    on_code: Callable[[DeviceCode], None],
    on_url: Callable[[str], None],
    clock: Callable[[], float] = time.time,
    sleep: Callable[[float], None] = time.sleep,
) -> Grant:
    """Sign in with ``provider``: a code to type (Microsoft) or a page to open (Google)."""
    if not client_id.strip():
        raise InvalidInput(
            f"no OAuth client id for {provider.sign_in.value}: give --client-id "
            f"or set NEXTROUND_{provider.sign_in.name}_CLIENT_ID (see the README)"
        )
    if provider.sign_in is SignIn.MICROSOFT:
        code = start_device_sign_in(provider, client_id=client_id.strip())
        on_code(code)
        return wait_device_sign_in(
            provider, code, client_id=client_id.strip(), clock=clock, sleep=sleep
        )
    return loopback_sign_in(
        provider,
        client_id=client_id.strip(),
        client_secret=client_secret,
        show=on_url,
        clock=clock,
        login_hint=login_hint,
    )


@dataclass(frozen=True, slots=True)
class PendingSignIn:
    """A device-code sign-in the user is finishing on the provider's page."""

    account: MailAccount
    provider: Provider
    client_id: str
    code: DeviceCode
    expires_at: float


def begin_device_sign_in(
    *,
    db: Database,
    name: str,
    username: str,
    provider: Provider,
    client_id: str,
    host: str = "",
    port: int | None = None,
    address: str = "",
    ca_file: str = "",
    clock: Callable[[], float] = time.time,
) -> PendingSignIn:
    """Check the account's details, then ask the provider for a code to show the user."""
    from nextround.mail.oauth import IMAP_HOSTS

    account = _account(
        name=name,
        host=host or IMAP_HOSTS[provider.sign_in],
        username=username,
        port=port,
        security=Security.TLS,
        folders=(),
        drafts_folder="",
        since=None,
        address=address,
        ca_file=ca_file,
    )
    account.sign_in = provider.sign_in
    with db.unit() as repo:
        if repo.mail.has_account(name):
            raise InvalidInput(f"there is already a mail account named {name!r}")
    if not client_id.strip():
        raise InvalidInput(
            f"no OAuth client id for {provider.sign_in.value}: set "
            f"NEXTROUND_{provider.sign_in.name}_CLIENT_ID (see the README)"
        )
    code = start_device_sign_in(provider, client_id=client_id.strip())
    return PendingSignIn(account, provider, client_id.strip(), code, clock() + code.expires_in)


def finish_device_sign_in(
    *,
    db: Database,
    pending: PendingSignIn,
    secrets: Secrets,
    verify: Connect | None,
    now: datetime,
    clock: Callable[[], float] = time.time,
) -> MailAccount | None:
    """One look at whether the user has typed the code: the added account, or None."""
    if clock() >= pending.expires_at:
        raise MailError("the code expired before it was typed; start again")
    grant = poll_device_sign_in(
        pending.provider, pending.code, client_id=pending.client_id, now=clock()
    )
    if grant is None:
        return None
    a = pending.account
    return add_account(
        db=db,
        name=a.name,
        host=a.host,
        username=a.username,
        password=None,
        secrets=secrets,
        verify=verify,
        port=a.port,
        address=a.address,
        ca_file=a.ca_file,
        grant=grant,
        now=now,
    )


def reauth_account(*, db: Database, name: str, grant: Grant, secrets: Secrets) -> MailAccount:
    """Replace an OAuth2 account's grant with one from a new sign-in."""
    with db.unit() as repo:
        account = repo.mail.account(name)
    if not account.sign_in.oauth:
        raise InvalidInput(f"mail account {name!r} signs in with a password, not OAuth2")
    if grant.provider != account.sign_in.value:
        raise InvalidInput(f"mail account {name!r} signs in with {account.sign_in.value}")
    if not secrets.available():
        raise InvalidInput("no system keyring here to keep the sign-in")
    secrets.store(account.name, account.username, grant.to_json())
    return account


def saved_client(*, secrets: Secrets, account: MailAccount) -> tuple[str, str]:
    """The OAuth2 client id and secret the account signed in with last time, if known."""
    grant = _saved_grant(secrets, account)
    return (grant.client_id, grant.client_secret) if grant else ("", "")


def _saved_grant(secrets: Secrets, account: MailAccount) -> Grant | None:
    raw = secrets.load(account.name, account.username) if secrets.available() else None
    return Grant.from_json(raw) if raw else None


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


def accounts_to_sync(db: Database) -> list[tuple[int | None, str]]:
    """Every mail account a sync should read, as ``(owner id, account name)``.

    On a multi-user server (PostgreSQL with users): the accounts of each user
    who is not disabled, read through a unit scoped to that user, so it works
    as well as a role bound by row-level security as as the tables' owner; in
    user id order, then the order the accounts were added. On the local app
    (no users): its own accounts, with owner None. A ``db`` already scoped to
    a user gives that user's accounts only.
    """
    if db.owner is not None:
        return [(db.owner, a.name) for a in list_accounts(db=db)]
    with db.unit() as repo:
        users = [] if db.dialect != "postgresql" else repo.accounts.users()
        if not users:
            return [(None, a.name) for a in repo.mail.accounts()]
    found: list[tuple[int | None, str]] = []
    for user in sorted(users, key=lambda u: u.id):
        if not user.disabled:
            found.extend((user.id, a.name) for a in list_accounts(db=db.scoped(user.id)))
    return found


def sync_account_of(
    *,
    db: Database,
    owner: int | None,
    account_name: str,
    judge: Judge,
    secrets_for: Callable[[Database], Secrets],
    now: datetime,
    providers: Mapping[SignIn, Provider] | None = None,
    retry_failed: bool = False,
    on_wait: Callable[[], None] | None = None,
) -> ImportSummary:
    """Sync one account of one user (an entry of ``accounts_to_sync``) into their applications.

    ``db`` is the server's database (unscoped); the sync runs on it scoped to
    ``owner``, with that user's secrets (``secrets_for(scoped db)``), so what
    it files is theirs alone. An account that is not the owner's is "not
    found". One sync at a time per user (``ingest.import_lock``); the ledger
    makes a rerun after a killed one finish it without doubling anything.
    """
    from nextround.services.ingest import sync_account

    scoped = db if owner is None else db.scoped(owner)
    [account] = get_accounts(db=scoped, name=account_name)
    connect = connector(Passwords(secrets=secrets_for(scoped), providers=providers or {}))
    return sync_account(
        db=scoped,
        judge=judge,
        account=account,
        connect=connect,
        now=now,
        retry_failed=retry_failed,
        on_wait=on_wait,
    )
