"""Mail secrets sealed with AES-GCM, under a key kept in a file outside the database.

A multi-user server keeps each person's mail password or OAuth grant in its
database, encrypted: a dump of the database (a backup, a stolen disk) holds
nothing that signs in to anyone's mailbox without the key file too. The key
is 32 random bytes, written base64 on one line, in a file only the server's
user may read; a file others may read, or that does not hold such a key, is
refused with one line rather than used or replaced.

Each secret is bound to who it belongs to (associated data: the owner, the
account and its user name), so a ciphertext moved to another person's row,
or another account's, does not open.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import secrets
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from nextround.domain.errors import MailError

log = logging.getLogger(__name__)

KEY_BYTES = 32
NONCE_BYTES = 12
KEY_FILE_NAME = "secret.key"
PRIVATE_FILE = 0o600
_FORMAT = "nextround-mail-secret:v1"
NOT_OPENED = "the mail secret key does not open the stored secrets"


class KeyFileError(MailError):
    """The key file is missing, unreadable, readable by others, or holds no key."""


@dataclass(frozen=True, slots=True)
class SecretKey:
    """The key that seals a server's mail secrets; ``path`` only says where it came from."""

    key: bytes
    path: Path

    def __repr__(self) -> str:  # never the key itself, in a log or a traceback
        return f"SecretKey(path={str(self.path)!r})"


def _binding(owner: int, account: str, username: str) -> bytes:
    return f"{_FORMAT}:{owner}:{account}:{username}".encode()


def seal(
    key: SecretKey, plain: str, *, owner: int, account: str, username: str
) -> tuple[bytes, bytes]:
    """``plain`` encrypted for ``owner``'s ``account``: a fresh nonce and the ciphertext."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(key.key).encrypt(nonce, plain.encode(), _binding(owner, account, username))
    return nonce, sealed


def unseal(
    key: SecretKey, nonce: bytes, sealed: bytes, *, owner: int, account: str, username: str
) -> str:
    """The secret sealed by ``seal`` for the same owner and account; one line when it does not
    open (another key, or a row that was moved)."""
    try:
        plain = AESGCM(key.key).decrypt(nonce, sealed, _binding(owner, account, username))
    except (InvalidTag, ValueError) as err:
        log.warning("mail secret of account %s (user %s) did not open", account, owner)
        raise MailError(
            f"{NOT_OPENED}: mail account {account!r} (is NEXTROUND_SECRET_KEY_FILE the key "
            "this database's secrets were sealed with?)"
        ) from err
    return plain.decode()


def load_key(path: Path) -> SecretKey:
    """The key in ``path``, refused with one line when others may read it or it is no key."""
    try:
        info = path.stat()
        if sys.platform != "win32" and stat.S_IMODE(info.st_mode) & 0o077:
            raise KeyFileError(
                f"the mail secret key file {path} may be read by others "
                f"(mode {stat.S_IMODE(info.st_mode):o}); make it 600: chmod 600 {path}"
            )
        text = path.read_text(encoding="ascii").strip()
    except KeyFileError:
        raise
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else "not text"
        raise KeyFileError(f"cannot read the mail secret key file {path}: {reason}") from err
    try:
        key = base64.urlsafe_b64decode(text.encode("ascii"))
    except (binascii.Error, ValueError) as err:
        raise KeyFileError(f"the mail secret key file {path} does not hold a key") from err
    if len(key) != KEY_BYTES:
        raise KeyFileError(
            f"the mail secret key file {path} holds {len(key)} bytes, not a {KEY_BYTES}-byte key"
        )
    return SecretKey(key, path)


def make_key(path: Path) -> SecretKey:
    """A new random key written to ``path`` (mode 600); refused if the file exists."""
    key = secrets.token_bytes(KEY_BYTES)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        raise
    except OSError as err:
        raise KeyFileError(f"cannot write the mail secret key file {path}: {err.strerror}") from err
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(base64.urlsafe_b64encode(key).decode("ascii") + "\n")
    log.info("made a new mail secret key in %s", path)
    return SecretKey(key, path)


def server_key(*, named: Path | None, data_dir: Path) -> SecretKey:
    """The server's key: the file ``named`` (it must exist), else ``data_dir/secret.key``,
    made on first start."""
    if named is not None:
        if not named.exists():
            raise KeyFileError(f"the mail secret key file {named} does not exist")
        return load_key(named)
    path = data_dir / KEY_FILE_NAME
    if not path.exists():
        try:
            return make_key(path)
        except FileExistsError:
            pass  # another process made it a moment ago: read theirs
    return load_key(path)
