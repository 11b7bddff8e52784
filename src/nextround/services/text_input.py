"""Checks every pasted or file-read text goes through before it is stored."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import TYPE_CHECKING

from nextround.domain.errors import InvalidInput

if TYPE_CHECKING:
    from nextround.mail import ParsedMail

MAX_TEXT_BYTES = 1_000_000  # a rejection or reply is a few KB; a megabyte is not a message


def clean_text(text: str, *, what: str) -> str:
    """Strip, refuse empty or oversized text, normalise line ends."""
    if "\x00" in text:
        raise InvalidInput(f"the {what} looks like binary data, not text")
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not cleaned:
        raise InvalidInput(f"the {what} is empty")
    size = len(cleaned.encode("utf-8", "surrogatepass"))
    if size > MAX_TEXT_BYTES:
        raise InvalidInput(
            f"the {what} is {size / 1_000_000:.1f} MB; nextround takes at most "
            f"{MAX_TEXT_BYTES // 1_000_000} MB of text per message"
        )
    return cleaned


def read_file(path: Path, *, limit: int, what: str = "text") -> bytes:
    """A regular file's bytes, refusing folders, devices, pipes and files over ``limit``.

    At most ``limit`` + 1 bytes are read, whatever the file claims to hold.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InvalidInput(f"no such file: {path}") from None
    except OSError as err:
        raise InvalidInput(f"cannot read {path}: {err.strerror}") from err
    if stat.S_ISDIR(info.st_mode):
        raise InvalidInput(f"{path} is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise InvalidInput(f"{path} is not a regular file (a device or a pipe?); save it first")
    too_big = (
        f"{path} is larger than {limit / 1_000_000:.0f} MB; nextround takes at most "
        f"{limit // 1_000_000} MB of {what} per message"
    )
    if info.st_size > limit:
        raise InvalidInput(too_big)
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as err:
        raise InvalidInput(f"cannot read {path}: {err.strerror}") from err
    if len(data) > limit:
        raise InvalidInput(too_big)
    return data


def read_text_file(path: Path, *, what: str) -> str:
    """Read a UTF-8 text file, refusing binary, non-UTF-8 and huge files with one line."""
    data = read_file(path, limit=MAX_TEXT_BYTES, what="text")
    return decode_text(data, what=f"{what} in {path}")


def decode_text(data: bytes, *, what: str) -> str:
    if b"\x00" in data[:8192]:
        raise InvalidInput(f"the {what} looks like binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InvalidInput(
            f"the {what} is not UTF-8 text (bad byte at position {err.start}); "
            "save it as UTF-8 and try again"
        ) from None
    return clean_text(text, what=what)


def read_mail_file(path: Path) -> ParsedMail:
    """A saved message (``.eml``) read and parsed: its text, subject, sender and date."""
    from nextround.mail import parse_eml

    return parse_eml(read_file(path, limit=MAX_TEXT_BYTES * 25, what="mail"), name=str(path))
