"""Mail passwords in the system keyring, where there is one. Never in the database."""

from __future__ import annotations

import contextlib

from nextround.domain.errors import MailError

SERVICE = "nextround-mail"


def keyring_available() -> bool:
    """Whether a real keyring backend is there (not the fail or null ones)."""
    try:
        import keyring
        from keyring.backends import fail, null
    except ImportError:
        return False
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring is as good as none
        return False
    return not isinstance(backend, fail.Keyring | null.Keyring)


def _ident(account: str, username: str) -> str:
    return f"{account}:{username}"


def store_password(account: str, username: str, password: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, _ident(account, username), password)
    except KeyringError as err:
        raise MailError(f"the keyring refused to store the password: {err}") from err


def load_password(account: str, username: str) -> str | None:
    if not keyring_available():
        return None
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(SERVICE, _ident(account, username))
    except KeyringError:
        return None


def forget_password(account: str, username: str) -> None:
    if not keyring_available():
        return
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(SERVICE, _ident(account, username))


class Keyring:
    """The system keyring as the services see it (tests hand in their own)."""

    def available(self) -> bool:
        return keyring_available()

    def store(self, account: str, username: str, password: str) -> None:
        store_password(account, username, password)

    def load(self, account: str, username: str) -> str | None:
        return load_password(account, username)

    def forget(self, account: str, username: str) -> None:
        forget_password(account, username)
