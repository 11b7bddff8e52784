"""Accounts of a multi-user server: adding people, signing them in and out.

Passwords are kept only as Argon2id hashes (argon2-cffi) and never leave this
module: not in a log, an export or an answer. A session is a random id in the
browser's cookie; the database keeps only its SHA-256, so a copy of the
database signs nobody in. Repeated failed sign-ins first make the next try
wait, then lock the account for a while (``domain.accounts.wait_after``).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

from nextround.domain.accounts import (
    Role,
    User,
    check_password,
    normal_email,
    role_named,
    wait_after,
)
from nextround.domain.errors import InvalidInput, SignInRefused
from nextround.store import Database

if TYPE_CHECKING:
    from argon2 import PasswordHasher

log = logging.getLogger(__name__)

SESSION_BYTES = 32
WRONG = "wrong email or password"


@dataclass(frozen=True, slots=True)
class SignedIn:
    user: User
    session_id: str  # for the cookie only; the database keeps its hash
    expires_at: datetime


@cache
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher  # Argon2id with the library's current parameters

    return PasswordHasher()


@cache
def _decoy_hash() -> str:
    """A hash to check unknown addresses against, so they take as long as known ones."""
    return _hasher().hash(secrets.token_urlsafe(16))


def _verify(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def session_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("ascii", "replace")).hexdigest()


def add_user(*, db: Database, email: str, role: str, password: str, now: datetime) -> User:
    address, kind = normal_email(email), role_named(role)
    hashed = _hasher().hash(check_password(password))
    with db.unit() as repo:
        user = repo.accounts.add_user(email=address, role=kind, password_hash=hashed, now=now)
    log.info("added user %s (%s)", user.email, user.role.value)
    return user


def serves_several_people(*, db: Database) -> bool:
    """Whether this database is a multi-user server's: PostgreSQL with accounts in it."""
    if db.dialect != "postgresql":
        return False
    with db.unit() as repo:
        return repo.accounts.any_user()


def list_users(*, db: Database) -> list[User]:
    with db.unit() as repo:
        return repo.accounts.users()


def disable_user(*, db: Database, email: str) -> tuple[User, int]:
    """Disable an account and end its sessions; returns the user and sessions ended."""
    with db.unit() as repo:
        user = repo.accounts.set_disabled(normal_email(email), disabled=True)
        ended = repo.accounts.end_sessions_of(user.id)
    log.info("disabled user %s, ended %d sessions", user.email, ended)
    return user, ended


def enable_user(*, db: Database, email: str) -> User:
    with db.unit() as repo:
        return repo.accounts.set_disabled(normal_email(email), disabled=False)


def set_password(*, db: Database, email: str, password: str) -> User:
    """A new password; every session of the account ends (sign in again with it)."""
    hashed = _hasher().hash(check_password(password))
    with db.unit() as repo:
        user = repo.accounts.set_password_hash(normal_email(email), hashed)
        repo.accounts.end_sessions_of(user.id)
    log.info("new password for user %s", user.email)
    return user


def sign_in(
    *, db: Database, email: str, password: str, now: datetime, lifetime: timedelta
) -> SignedIn:
    """A new session for the right email and password; ``SignInRefused`` otherwise.

    The refusal says nothing about which of the two was wrong, and an account
    that failed too often is refused before its password is even checked.
    """
    try:
        address = normal_email(email)
    except InvalidInput:
        raise SignInRefused(WRONG) from None
    refusal: SignInRefused | None = None
    with db.unit() as repo:
        found = repo.accounts.find_for_signin(address)
        if found is None:
            _verify(_decoy_hash(), password)
            refusal = SignInRefused(WRONG)
        else:
            user, stored, failures, last_failed = found
            wait = wait_after(failures)
            if last_failed is not None and now < last_failed + wait:
                left = int((last_failed + wait - now).total_seconds()) + 1
                log.warning("sign-in for %s refused: %d failures, %d s", address, failures, left)
                raise SignInRefused(
                    f"too many failed sign-ins: try again in {_duration(left)}",
                    retry_after=left,
                )
            if not _verify(stored, password):
                repo.accounts.note_failure(user.id, now=now)  # kept: the unit commits
                log.warning("failed sign-in for %s", address)
                refusal = SignInRefused(WRONG)
            elif user.disabled:
                refusal = SignInRefused("this account is disabled; ask your administrator")
            else:
                repo.accounts.clear_failures(user.id)
                if _hasher().check_needs_rehash(stored):
                    repo.accounts.set_password_hash(address, _hasher().hash(password))
                session_id = secrets.token_urlsafe(SESSION_BYTES)
                expires = now + lifetime
                repo.accounts.end_expired_sessions(now=now)
                repo.accounts.add_session(
                    id_hash=session_hash(session_id), user_id=user.id, now=now, expires=expires
                )
                log.info("signed in %s", address)
                return SignedIn(user=user, session_id=session_id, expires_at=expires)
    assert refusal is not None
    raise refusal


def session_user(*, db: Database, session_id: str, now: datetime) -> User | None:
    """Who a session belongs to, or None when it is unknown, expired, or its user disabled."""
    with db.unit() as repo:
        return repo.accounts.session_user(session_hash(session_id), now=now)


def sign_out(*, db: Database, session_id: str) -> None:
    with db.unit() as repo:
        repo.accounts.end_session(session_hash(session_id))


def _duration(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} seconds"
    return f"{(seconds + 59) // 60} minutes"


__all__ = [
    "Role",
    "SignedIn",
    "add_user",
    "disable_user",
    "enable_user",
    "list_users",
    "session_user",
    "set_password",
    "sign_in",
    "sign_out",
]
