"""Mail on disk: one .eml, a folder of them, an mbox file, a Maildir.

A source lists its messages as ``Item`` values and opens each one lazily;
nothing here knows about the database. ``load`` reads a message, and for one
larger than ``MAX_RAW_BYTES`` streams it through ``mime.skim`` so that its
attachments are never held in memory.
"""

from __future__ import annotations

import errno
import hashlib
import io
import mailbox
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, cast

from nextround.domain.errors import MailError
from nextround.mail.mime import Dropped, lines_of, skim
from nextround.mail.parse import looks_like_mail

MAX_RAW_BYTES = 2_000_000
"""Messages up to this size are kept whole; larger ones are kept without attachment bodies."""

MAX_KEY = 500
_MESSAGE_ID = re.compile(rb"^message-id:[ \t]*(?:\r?\n[ \t]+)?(<[^<>\s]{1,900}>)", re.I | re.M)


@dataclass(frozen=True, slots=True)
class Item:
    """One message in a source, not yet read."""

    folder: str
    where: str
    open: Callable[[], BinaryIO]
    key: str = ""  # known before reading (a Maildir key); else the message key is used


@dataclass(slots=True)
class Loaded:
    data: bytes
    complete: bool = True
    dropped: list[Dropped] = field(default_factory=list)
    too_deep: bool = False


def message_key(data: bytes) -> str:
    """Message-ID from the header block, or a hash of the bytes when there is none."""
    end = data.find(b"\n\n")
    end2 = data.find(b"\r\n\r\n")
    head = data[: max(end, end2) if min(end, end2) < 0 else min(end, end2)]
    found = _MESSAGE_ID.search(head)
    if found:
        key = found.group(1).decode("ascii", "replace")
        # the ledger keeps 500 characters; a longer id is still one key, hashed
        return (
            key if len(key) <= MAX_KEY else "sha256:" + hashlib.sha256(found.group(1)).hexdigest()
        )
    return "sha256:" + hashlib.sha256(data).hexdigest()


def load(item: Item, *, limit: int = MAX_RAW_BYTES) -> Loaded:
    try:
        with item.open() as stream:
            head = stream.read(limit + 1)
            if len(head) <= limit:
                return Loaded(head)
            skimmed = skim(lines_of(stream, head))
    except OSError as err:
        raise MailError(f"{item.where}: cannot be read: {err.strerror or err}") from err
    return Loaded(skimmed.data, False, skimmed.dropped, skimmed.too_deep)


def _open_file(path: Path) -> BinaryIO:
    return _open_regular(path)


class Source:
    """Messages on disk under one ledger name."""

    name: str
    label: str

    def count(self) -> int:
        raise NotImplementedError

    def items(self) -> Iterator[Item]:
        raise NotImplementedError

    def close(self) -> None:
        return None


class EmlFiles(Source):
    def __init__(self, root: Path, files: list[Path]) -> None:
        self.root = root
        self.files = files
        single = root.is_file()
        self.name = f"{'eml' if single else 'emls'}:{root}"
        self.label = root.name

    def count(self) -> int:
        return len(self.files)

    def items(self) -> Iterator[Item]:
        for path in self.files:
            where = path.name if self.root.is_file() else str(path.relative_to(self.root))
            yield Item(folder="", where=where, open=partial(_open_file, path))


class Mbox(Source):
    """An mbox file, split where a real ``From `` line starts a message.

    The standard library's reader starts a message at any line beginning
    "From ", so a body line such as "From here on, ..." that a mailer did not
    escape cut its message in two. Here a separator must read like one
    (``From sender Www Mmm ...``, as every mbox writer puts it), and a
    ``Content-Length`` header (mboxcl) is followed where it lands on one.
    Otherwise the split is the standard library's, byte for byte.
    """

    def __init__(self, path: Path) -> None:
        self.name = f"mbox:{path}"
        self.label = path.name
        self.path = path
        try:
            with path.open("rb") as f:
                self.spans = _mbox_spans(f)
        except OSError as err:
            raise MailError(f"cannot read the mbox {path}: {err.strerror or err}") from err

    def count(self) -> int:
        return len(self.spans)

    def items(self) -> Iterator[Item]:
        for n, (start, stop) in enumerate(self.spans, start=1):
            yield Item(
                folder="",
                where=f"{self.label} message {n}",
                open=partial(_open_span, self.path, start, stop),
            )


_FROM_LINE = re.compile(rb"From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b")
_CONTENT_LENGTH = re.compile(rb"^content-length:[ \t]*(\d{1,12})[ \t]*\r?$", re.I)


def _mbox_spans(f: BinaryIO) -> list[tuple[int, int]]:
    """(start, stop) of each message's bytes after its ``From `` line."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    last_empty = False
    while True:
        pos = f.tell()
        line = f.readline()
        if not line or (line.startswith(b"From ") and (start is None or _FROM_LINE.match(line))):
            if start is not None:
                spans.append((start, pos - 1 if last_empty else pos))
            if not line:
                return spans
            start, last_empty = f.tell(), False
            _skip_counted_body(f)
            continue
        last_empty = line == b"\n"


def _skip_counted_body(f: BinaryIO) -> None:
    """After a From line: past the body when a Content-Length header says where it ends
    and a From line (or the end) is there; else back where it was."""
    begin = f.tell()
    length = None
    while line := f.readline():
        if line in (b"\n", b"\r\n"):
            break
        found = _CONTENT_LENGTH.match(line.rstrip(b"\n"))
        if found:
            length = int(found.group(1))
    if length is not None:
        end = f.tell() + length
        f.seek(end)
        after = f.readline()
        if after in (b"\n", b"\r\n"):
            after = f.readline()
        if not after or _FROM_LINE.match(after):
            f.seek(end)
            return
    f.seek(begin)


class _Span(io.RawIOBase):
    """Bytes ``start``..``stop`` of a file, read lazily."""

    def __init__(self, path: Path, start: int, stop: int) -> None:
        self._file = path.open("rb")
        self._file.seek(start)
        self._left = max(0, stop - start)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        want = min(len(buffer), self._left)
        data = self._file.read(want)
        buffer[: len(data)] = data
        self._left -= len(data)
        return len(data)

    def close(self) -> None:
        self._file.close()
        super().close()


def _open_span(path: Path, start: int, stop: int) -> BinaryIO:
    return cast(BinaryIO, io.BufferedReader(_Span(path, start, stop)))


class Maildir(Source):
    def __init__(self, path: Path) -> None:
        self.name = f"maildir:{path}"
        self.label = path.name
        self.root = path
        try:
            root = mailbox.Maildir(path, factory=None, create=False)
            self.folders: list[tuple[str, mailbox.Maildir]] = [("", root)]
            for sub in sorted(root.list_folders()):
                self.folders.append((sub, root.get_folder(sub)))
            self.keys = [(f, box, sorted(box.iterkeys())) for f, box in self.folders]
        except (OSError, mailbox.Error) as err:
            raise MailError(f"cannot read the Maildir {path}: {err}") from err

    def count(self) -> int:
        return sum(len(keys) for _, _, keys in self.keys)

    def items(self) -> Iterator[Item]:
        for folder, _box, keys in self.keys:
            files = _maildir_files(self.root / f".{folder}" if folder else self.root)
            for key in keys:
                found = files.get(key)
                yield Item(
                    folder=folder,
                    where=f"{self.label}/{folder or 'INBOX'} {key}",
                    open=partial(_open_regular, found, self.root) if found else _gone(key),
                    key=key,
                )


def _maildir_files(folder: Path) -> dict[str, Path]:
    """Each message file of a Maildir folder by its key (the name before the ``:`` info)."""
    files: dict[str, Path] = {}
    for sub in ("new", "cur"):
        try:
            entries = list(os.scandir(folder / sub))
        except OSError:
            continue
        for entry in entries:
            if not entry.name.startswith("."):
                files[entry.name.split(":", 1)[0]] = Path(entry.path)
    return files


def _gone(key: str) -> Callable[[], BinaryIO]:
    def missing() -> BinaryIO:
        raise FileNotFoundError(2, f"message {key} is gone", key)

    return missing


def _open_regular(path: Path, root: Path | None = None) -> BinaryIO:
    """A message file opened for reading: a regular file (not a device, a pipe or a
    folder) and, given ``root``, one that stays inside it even through a symlink."""
    if root is not None and not path.resolve().is_relative_to(root):
        raise OSError(errno.EPERM, "a link to outside the Maildir; not followed", str(path))
    # non-blocking, so that opening a pipe does not wait for a writer
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "not a regular file; not read", str(path))
    return os.fdopen(fd, "rb")


def _starts_like_mbox(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(5) == b"From "


def open_source(path: Path) -> Source:
    """The source at ``path``: an .eml, an mbox, a Maildir, or a folder of .eml files."""
    path = path.expanduser()
    try:
        path = path.resolve(strict=True)
    except (FileNotFoundError, RuntimeError):
        raise MailError(f"no such file or folder: {path}") from None
    except OSError as err:
        raise MailError(f"cannot read {path}: {err.strerror}") from err
    try:
        if path.is_dir():
            if all((path / sub).is_dir() for sub in ("cur", "new", "tmp")):
                return Maildir(path)
            files = sorted(p for p in path.rglob("*") if p.suffix.lower() == ".eml" and p.is_file())
            if not files:
                raise MailError(f"{path} holds no .eml files and is not a Maildir")
            return EmlFiles(path, files)
        if not path.is_file():
            raise MailError(f"{path} is not a regular file (a device or a pipe?); not read")
        if _starts_like_mbox(path):
            return Mbox(path)
        with path.open("rb") as f:
            head = f.read(8192)
    except PermissionError as err:
        raise MailError(f"cannot read {path}: {err.strerror}") from err
    if looks_like_mail(head):
        return EmlFiles(path, [path])
    raise MailError(f"{path} is neither a message, an mbox nor a Maildir")
