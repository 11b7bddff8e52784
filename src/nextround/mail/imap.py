"""IMAP through imapclient: TLS or STARTTLS, read-only folders, drafts by APPEND.

``ImapMailbox`` is the one seam the services use; every library or socket
error comes out of it as a ``MailError`` with one line a person can act on.
Mail is only ever read (``BODY.PEEK``, folders selected read-only) and drafts
are only ever appended: nothing here sends mail.
"""

from __future__ import annotations

import io
import socket
import ssl
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from nextround.domain.errors import LoginRefused, MailError
from nextround.domain.mailbox import MailAccount, Security
from nextround.mail.mime import lines_of, skim
from nextround.mail.sources import MAX_RAW_BYTES, Loaded

if TYPE_CHECKING:
    from imapclient import IMAPClient  # type: ignore[import-untyped]

TIMEOUT_SECONDS = 60.0
PIECE_BYTES = 1 << 20  # a large message is downloaded a megabyte at a time


class _Pieces(io.RawIOBase):
    """A large message on the server, read as a stream of partial fetches, so that
    no more than one piece of it is in memory at a time."""

    def __init__(self, client: IMAPClient, uid: int, size: int) -> None:
        self.client, self.uid, self.size, self.offset = client, uid, size, 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        if self.offset >= self.size:
            return b""
        want = PIECE_BYTES if n is None or n < 0 else n
        got = self.client.fetch([self.uid], [f"BODY.PEEK[]<{self.offset}.{want}>"])
        data = bytes(got.get(self.uid, {}).get(f"BODY[]<{self.offset}>".encode(), b"") or b"")
        if not data:  # the server had less than it said: stop rather than loop
            self.offset = self.size
            return b""
        self.offset += len(data)
        return data


class ImapMailbox:
    """One logged-in IMAP connection."""

    def __init__(self, client: IMAPClient, account: MailAccount) -> None:
        self.client = client
        self.account = account

    @property
    def where(self) -> str:
        return f"{self.account.host}:{self.account.port}"

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        from imapclient.exceptions import (  # type: ignore[import-untyped]
            IMAPClientAbortError,
            IMAPClientError,
        )

        try:
            yield
        except IMAPClientAbortError as err:
            raise MailError(f"the connection to {self.where} dropped while {doing}: {err}") from err
        except IMAPClientError as err:
            raise MailError(f"{self.where} refused {doing}: {_text(err)}") from err
        except (OSError, EOFError) as err:
            raise MailError(
                f"the connection to {self.where} was lost while {doing}: {_text(err)}"
            ) from err

    def folders(self) -> list[str]:
        with self._errors("to list folders"):
            return [str(name) for _flags, _sep, name in self.client.list_folders()]

    def select(self, folder: str) -> int:
        """Open ``folder`` read-only; its UIDVALIDITY."""
        with self._errors(f"to open the folder {folder!r}"):
            info = self.client.select_folder(folder, readonly=True)
        return int(info.get(b"UIDVALIDITY", 0))

    def search(self, *, since: date | None = None) -> list[int]:
        criteria: list[Any] = ["SINCE", since] if since else ["ALL"]
        with self._errors("to list messages"):
            return sorted(int(u) for u in self.client.search(criteria))

    def heads(self, uids: Sequence[int]) -> dict[int, tuple[int, bytes]]:
        """Each message's size and Message-ID header, without downloading bodies."""
        if not uids:
            return {}
        key = b"BODY[HEADER.FIELDS (MESSAGE-ID)]"
        with self._errors("to read message headers"):
            got = self.client.fetch(
                list(uids), ["RFC822.SIZE", "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"]
            )
        return {
            int(uid): (int(data.get(b"RFC822.SIZE", 0)), bytes(data.get(key, b"") or b""))
            for uid, data in got.items()
        }

    def fetch(self, uids: Sequence[int], *, sizes: dict[int, int]) -> dict[int, Loaded]:
        """Whole messages up to MAX_RAW_BYTES; larger ones streamed a piece at a time
        through the skimmer, which keeps headers and text and drops attachment bodies."""
        small = [u for u in uids if sizes.get(u, 0) <= MAX_RAW_BYTES]
        large = [u for u in uids if sizes.get(u, 0) > MAX_RAW_BYTES]
        found: dict[int, Loaded] = {}
        with self._errors("to download messages"):
            if small:
                for uid, data in self.client.fetch(small, ["BODY.PEEK[]"]).items():
                    found[int(uid)] = Loaded(bytes(data.get(b"BODY[]", b"") or b""))
            for uid in large:
                pieces = _Pieces(self.client, uid, sizes[uid])
                skimmed = skim(lines_of(cast(BinaryIO, pieces), chunk=PIECE_BYTES))
                found[uid] = Loaded(skimmed.data, False, skimmed.dropped, skimmed.too_deep)
        return found

    def drafts_folder(self, preferred: str = "") -> str:
        from imapclient.imapclient import DRAFTS  # type: ignore[import-untyped]

        with self._errors("to find the Drafts folder"):
            if preferred:
                if not self.client.folder_exists(preferred):
                    raise MailError(f"{self.where} has no folder {preferred!r} for drafts")
                return preferred
            found = self.client.find_special_folder(DRAFTS)
            if found:
                return str(found)
            if not self.client.folder_exists("Drafts"):
                self.client.create_folder("Drafts")
        return "Drafts"

    def append_draft(self, folder: str, data: bytes) -> None:
        """Put a message in ``folder`` flagged as a draft (and seen). Never sent."""
        from imapclient.imapclient import DRAFT, SEEN

        with self._errors(f"to save the draft in {folder!r}"):
            self.client.append(folder, data, flags=(DRAFT, SEEN))

    def logout(self) -> None:
        try:
            self.client.logout()
        except Exception:
            with suppress(Exception):
                self.client.shutdown()


def _text(err: BaseException) -> str:
    """The error as a person reads it: "Connection refused", not errno 111."""
    if isinstance(err, OSError) and err.strerror:
        return " ".join(err.strerror.split())[:300]
    raw = err.args[0] if err.args else err
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    text = " ".join(str(raw).split()) or type(err).__name__
    return text[:300]


def _context(account: MailAccount) -> ssl.SSLContext:
    try:
        return ssl.create_default_context(cafile=account.ca_file or None)
    except (OSError, ssl.SSLError) as err:
        raise MailError(f"cannot use the CA file {account.ca_file}: {_text(err)}") from err


class TokenRefused(MailError):
    """The server refused an OAuth2 access token (expired early, or the grant revoked)."""


def sign_in(
    account: MailAccount,
    secret: str,
    *,
    oauth2: bool = False,
    timeout: float = TIMEOUT_SECONDS,
) -> ImapMailbox:
    """A logged-in connection to ``account``: ``secret`` is the password or, with
    ``oauth2``, an access token for SASL XOAUTH2. The caller logs out."""
    from imapclient import IMAPClient
    from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError

    where = f"{account.host}:{account.port}"
    context = _context(account)
    try:
        if account.security is Security.TLS:
            client = IMAPClient(
                account.host, port=account.port, ssl=True, ssl_context=context, timeout=timeout
            )
        else:
            client = IMAPClient(account.host, port=account.port, ssl=False, timeout=timeout)
            client.starttls(context)
    except ssl.SSLCertVerificationError as err:
        raise MailError(
            f"cannot trust {where}: {err.verify_message or 'certificate not verified'} "
            "(give the server's CA with --ca-file)"
        ) from err
    except (socket.gaierror, ConnectionRefusedError, TimeoutError) as err:
        raise MailError(f"cannot reach {where}: {_text(err)}") from err
    except (OSError, IMAPClientError) as err:
        raise MailError(f"cannot open a secure connection to {where}: {_text(err)}") from err
    try:
        if oauth2:
            client.oauth2_login(account.username, secret)
        else:
            client.login(account.username, secret)
    except LoginError as err:
        _quietly_close(client)
        if oauth2:
            raise TokenRefused(f"{where} refused the access token for {account.username}") from err
        raise LoginRefused(
            f"{where} refused the login for {account.username}: wrong user name or password"
        ) from err
    except IMAPClientAbortError as err:
        _quietly_close(client)
        raise MailError(f"cannot log in to {where}: {_text(err)}") from err
    except IMAPClientError as err:
        _quietly_close(client)
        if oauth2:  # XOAUTH2 failures come back as a failed AUTHENTICATE, not a LoginError
            raise TokenRefused(f"{where} refused the access token for {account.username}") from err
        raise MailError(f"cannot log in to {where}: {_text(err)}") from err
    except OSError as err:
        _quietly_close(client)
        raise MailError(f"cannot log in to {where}: {_text(err)}") from err
    return ImapMailbox(client, account)


@contextmanager
def connect(
    account: MailAccount, password: str, *, timeout: float = TIMEOUT_SECONDS
) -> Iterator[ImapMailbox]:
    """Log in to ``account`` with a password; the connection is closed when the block ends."""
    box = sign_in(account, password, timeout=timeout)
    try:
        yield box
    finally:
        box.logout()


def _quietly_close(client: IMAPClient) -> None:
    with suppress(Exception):
        client.shutdown()
