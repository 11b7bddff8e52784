"""Reading a large message without loading its attachments.

``skim`` streams a message line by line and keeps every header (of the message
and of each part) and the bodies of text parts; the body of any other part is
counted and dropped. What comes out is small, still valid MIME, and parses
with the standard library like the original, minus the attachment bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

MAX_TEXT_PART_BYTES = 1_000_000
MAX_DEPTH = 40

_CONTENT_TYPE = re.compile(rb"^content-type:\s*([\w.+-]+/[\w.+-]+)", re.IGNORECASE)
_BOUNDARY = re.compile(rb"""boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))""", re.IGNORECASE)
_FILENAME = re.compile(rb"""(?:file)?name\*?\s*=\s*(?:"([^"]*)"|([^\s;]+))""", re.IGNORECASE)
_ATTACHMENT = re.compile(rb"^content-disposition:\s*attachment", re.IGNORECASE)
_BASE64 = re.compile(rb"^content-transfer-encoding:\s*base64", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Dropped:
    filename: str
    content_type: str
    size: int


@dataclass(slots=True)
class Skimmed:
    data: bytes
    dropped: list[Dropped] = field(default_factory=list)
    too_deep: bool = False


def lines_of(stream: BinaryIO, head: bytes = b"", *, chunk: int = 1 << 16) -> Iterator[bytes]:
    """The lines of ``head`` followed by the rest of ``stream``, read a chunk at a time."""
    pending = head
    while True:
        start = 0
        while True:
            end = pending.find(b"\n", start)
            if end < 0:
                break
            yield pending[start : end + 1]
            start = end + 1
        pending = pending[start:]
        more = stream.read(chunk)
        if not more:
            break
        pending += more
    if pending:
        yield pending


def _part_kind(headers: list[bytes]) -> tuple[bytes, bytes | None, str, bool, bool]:
    """(content type, boundary, filename, is an attachment, is base64) from header lines."""
    joined = b"".join(headers)
    unfolded = re.sub(rb"\r?\n[ \t]+", b" ", joined)
    ctype, boundary, filename, attached = b"text/plain", None, "", False
    base64 = False
    for line in unfolded.splitlines():
        base64 = base64 or bool(_BASE64.match(line))
        found = _CONTENT_TYPE.match(line)
        if found:
            ctype = found.group(1).lower()
            b = _BOUNDARY.search(line)
            if b:
                boundary = b.group(1) or b.group(2)
        if _ATTACHMENT.match(line):
            attached = True
        name = _FILENAME.search(line) if line.lower().startswith(b"content-") else None
        if name:
            filename = (name.group(1) or name.group(2) or b"").decode("utf-8", "replace")
    return ctype, boundary, filename, attached, base64


def skim(lines: Iterable[bytes]) -> Skimmed:
    """Keep headers and text; drop (and count) the bodies of every other part."""
    out: list[bytes] = []
    result = Skimmed(data=b"")
    boundaries: list[bytes] = []
    headers: list[bytes] | None = []  # None while in a body
    keep_body, kept, dropped_size, base64 = True, 0, 0, False
    current: tuple[bytes, str] = (b"text/plain", "")

    def close_part() -> None:
        nonlocal dropped_size
        if not keep_body and headers is None and current[0] != b"multipart":
            size = dropped_size * 3 // 4 if base64 else dropped_size
            result.dropped.append(Dropped(current[1], current[0].decode("ascii", "replace"), size))
        dropped_size = 0

    for line in lines:
        if headers is not None:
            headers.append(line)
            if line.strip():
                continue
            ctype, boundary, filename, attached, base64 = _part_kind(headers)
            out.extend(headers)
            headers = None
            if ctype.startswith(b"multipart/") and boundary:
                if len(boundaries) >= MAX_DEPTH:
                    result.too_deep = True
                    break
                boundaries.append(boundary)
                keep_body, current = False, (b"multipart", filename)
            else:
                keep_body = (ctype.startswith(b"text/") or ctype == b"message/rfc822") and not (
                    attached and filename
                )
                current, kept = (ctype, filename), 0
            continue
        if line.startswith(b"--") and boundaries:
            marker = line.rstrip(b"\r\n")
            hit = next(
                (
                    i
                    for i in range(len(boundaries) - 1, -1, -1)
                    if marker.startswith(b"--" + boundaries[i])
                ),
                None,
            )
            if hit is not None:
                close_part()
                rest = marker[len(boundaries[hit]) + 2 :]
                out.append(line)
                if rest.startswith(b"--"):
                    del boundaries[hit:]
                    keep_body, current = False, (b"multipart", "")
                else:
                    del boundaries[hit + 1 :]
                    headers = []
                continue
        if keep_body:
            # the first megabyte of text is kept even when it comes as one long line
            room = MAX_TEXT_PART_BYTES - kept
            if base64:
                room -= room % 4  # whole base64 quanta, so what is kept still decodes
            if len(line) <= room:
                out.append(line)
            elif room > 0:
                out.append(line[:room] + b"\n")
            kept += len(line)
        elif current[0] != b"multipart":
            dropped_size += len(line.rstrip(b"\r\n")) if base64 else len(line)
    if headers is None:
        close_part()
    elif headers:
        out.extend(headers)
    result.data = b"".join(out)
    return result
