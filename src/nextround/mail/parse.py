"""One RFC 5322 message to what nextround files: headers, text, history, attachments.

The standard library's ``email`` package does the MIME work, with a policy that
hands header values back as they were read: they are decoded here, so that
8-bit headers and unknown charsets degrade to a note instead of an exception.
(``policy.default`` would build a header object for every Content-Type the
parser looks at, which costs more than the rest of parsing; nothing here uses
those objects.) Attachments are listed by their headers; their bodies are
never decoded.
"""

from __future__ import annotations

import binascii
import email
import email.policy
import logging
import quopri
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.errors import HeaderParseError, MessageError
from email.header import decode_header
from email.message import Message
from email.utils import parseaddr, parsedate_to_datetime

from nextround.domain.calendar import within_years
from nextround.domain.errors import MailError
from nextround.mail.charsets import decode_bytes
from nextround.mail.html import html_to_text
from nextround.mail.mime import MAX_DEPTH, MAX_TEXT_PART_BYTES, Dropped
from nextround.mail.quoting import split_message

log = logging.getLogger(__name__)

_KNOWN_HEADERS = ("from", "to", "subject", "date", "message-id", "received", "mime-version")
_HEADER_LINE = re.compile(rb"^[!-9;-~]{1,76}:", re.MULTILINE)
_ANGLE_ID = re.compile(r"<[^<>\s]{1,900}>")
_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)
_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")
_SURROGATE = re.compile("[\udc80-\udcff]")  # 8-bit header bytes, as the parser escapes them
_ADDR = r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
_PLAIN_FROM = re.compile(rf"(?:([\w' -]*?) ?<({_ADDR})>|({_ADDR}))")


class _RawHeaders(email.policy.Compat32):
    """compat32, but a header's value comes back as read (8-bit bytes kept as surrogates)."""

    def header_fetch_parse(self, name: str, value: str) -> str:
        return value


class _Part(Message):
    """A message or part whose body can be had as the parser stored it."""

    def stored_body(self) -> str | None:
        # get_payload() hands an 8-bit body back decoded by its charset, bad bytes
        # replaced; the bytes as they came are wanted, to decode once, here
        body = self.__dict__.get("_payload")
        return body if isinstance(body, str) else None


_POLICY = _RawHeaders(message_factory=_Part)


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content_type: str
    size: int

    def to_json(self) -> dict[str, object]:
        return {"filename": self.filename, "content_type": self.content_type, "size": self.size}


@dataclass(frozen=True, slots=True)
class ParsedMessage:
    subject: str
    sender_name: str
    sender_address: str
    date: datetime | None
    header_id: str
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    text: str
    new_text: str
    quoted: str
    signature: str
    attachments: tuple[Attachment, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def thread_ids(self) -> tuple[str, ...]:
        """The Message-IDs this message answers, nearest first."""
        return tuple(dict.fromkeys((*self.in_reply_to, *reversed(self.references))))


def header_text(raw: str) -> str:
    """A header's value as text: RFC 2047 words decoded, 8-bit bytes read as UTF-8 or 1252.

    A broken encoded word (bad base64, a word cut short) is kept as it was
    written, and the words around it are still decoded: one bad header must
    never cost the message, let alone the mailbox it came in.
    """
    if _SURROGATE.search(raw):
        raw, _ = decode_bytes(raw.encode("utf-8", "surrogateescape"), None)
    if "=?" not in raw:  # no encoded word: what decode_header would hand back as it is
        return " ".join(raw.split())
    try:
        chunks = decode_header(raw)
    except (HeaderParseError, ValueError, LookupError, AssertionError, UnicodeError):
        return _words_one_by_one(raw)
    out = []
    for chunk, charset in chunks:
        if isinstance(chunk, bytes):
            out.append(decode_bytes(chunk, charset)[0])
        else:
            out.append(chunk)
    return " ".join("".join(out).split())


def _words_one_by_one(raw: str) -> str:
    """Each encoded word decoded on its own; one that does not decode stays as written."""

    def one(found: re.Match[str]) -> str:
        word = found.group(0)
        try:
            chunks = decode_header(word)
        except (HeaderParseError, ValueError, LookupError, AssertionError, UnicodeError):
            return word
        return "".join(decode_bytes(c, cs)[0] if isinstance(c, bytes) else c for c, cs in chunks)

    return " ".join(_ENCODED_WORD.sub(one, raw).split())


def header_is_broken(raw: str) -> bool:
    """Whether an encoded word in this header cannot be decoded (it is then kept as written)."""
    if "=?" not in raw:
        return False
    try:
        decode_header(raw)
    except (HeaderParseError, ValueError, LookupError, AssertionError, UnicodeError):
        return True
    return False


def looks_like_mail(data: bytes) -> bool:
    head = data[:4096]
    if b"\x00" in data[:8192]:
        return False
    lowered = head.lower()
    starts_with_header = bool(_HEADER_LINE.match(head.lstrip(b"\r\n")))
    return starts_with_header and any(f"\n{h}:".encode() in b"\n" + lowered for h in _KNOWN_HEADERS)


def _raw_headers(msg: Message) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in msg.items():
        key = name.lower()
        if key not in found:
            found[key] = str(value)
    return found


def _address(value: str) -> tuple[str, str]:
    """``parseaddr``'s (name, address), with the common plain forms read by one regex."""
    plain = _PLAIN_FROM.fullmatch(value)
    if plain is None:
        return parseaddr(value)
    name, address, bare = plain.groups()
    return (name or "", address) if bare is None else ("", bare)


def _date(raw: str) -> datetime | None:
    if not raw:
        return None
    try:
        when = parsedate_to_datetime(header_text(raw))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    # stored as the user's local wall-clock time, like everything they type
    try:
        local = when.astimezone().replace(tzinfo=None) if when.tzinfo else when
    except (OverflowError, OSError, ValueError):
        return None
    return local if within_years(local) else None  # a Date in year 9999 is no date


def _ids(raw: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_ANGLE_ID.findall(raw)))


def _header_id(raw: str) -> str:
    found = _ANGLE_ID.search(raw)
    return found.group(0) if found else " ".join(raw.split())[:500]


def _depth_ok(msg: Message) -> bool:
    stack: list[tuple[Message, int]] = [(msg, 0)]
    while stack:
        part, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        if part.is_multipart():
            payload = part.get_payload()
            if isinstance(payload, list):
                stack.extend((p, depth + 1) for p in payload if isinstance(p, Message))
    return True


def _leaves(msg: Message) -> list[Message]:
    leaves: list[Message] = []
    stack: list[Message] = [msg]
    while stack:
        part = stack.pop()
        payload = part.get_payload()
        if part.is_multipart() and isinstance(payload, list):
            stack.extend(reversed([p for p in payload if isinstance(p, Message)]))
        else:
            leaves.append(part)
    return leaves


def _raw(part: Message, name: str) -> str:
    """A header's raw value (the first of that name), or ""."""
    value = part.get(name)
    return "" if value is None else str(value)


def _content_type(part: Message) -> str:
    ctype = _raw(part, "content-type").split(";", 1)[0].strip().lower()
    return ctype if "/" in ctype and " " not in ctype else "text/plain"


def _charset(part: Message) -> str | None:
    found = _CHARSET.search(_raw(part, "content-type"))
    return found.group(1) if found else None


def _attached(part: Message) -> bool:
    return _raw(part, "content-disposition").strip().lower().startswith("attachment")


def _is_attachment(part: Message) -> bool:
    ctype = _content_type(part)
    return _attached(part) or not (ctype.startswith("text/") or ctype.startswith("message/"))


def _payload(part: Message) -> bytes | None:
    """The part's body decoded from its transfer encoding (what get_payload(decode=True) does)."""
    payload = part.stored_body() if isinstance(part, _Part) else part.get_payload()
    if not isinstance(payload, str):
        return None
    cte = _raw(part, "content-transfer-encoding").strip().lower()
    try:
        data = payload.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:  # the parser's own escape for 8-bit bodies, as in get_payload
        data = payload.encode("raw-unicode-escape")
    if cte == "base64":
        try:
            return binascii.a2b_base64(data)
        except (binascii.Error, ValueError):
            return b""
    if cte == "quoted-printable":
        return quopri.decodestring(data)
    return data


def _part_text(part: Message, notes: list[str]) -> str:
    payload = _payload(part)
    if payload is None:
        return ""
    if len(payload) > MAX_TEXT_PART_BYTES:
        notes.append(f"text part of {len(payload) / 1e6:.1f} MB cut to its first megabyte")
        payload = payload[:MAX_TEXT_PART_BYTES]
    text, note = decode_bytes(payload, _charset(part))
    if note:
        notes.append(note)
    if _content_type(part) == "text/html":
        if len(text) > 2_000_000:
            notes.append("HTML body cut to its first two million characters")
        text = html_to_text(text)
    return text


def _body(leaves: list[Message], notes: list[str]) -> tuple[str, list[Attachment]]:
    chosen: Message | None = None
    for wanted in ("text/plain", "text/html"):
        chosen = next(
            (p for p in leaves if _content_type(p) == wanted and not _attached(p)),
            None,
        )
        if chosen is not None:
            break
    attachments = []
    for part in leaves:
        if part is chosen or not _is_attachment(part):
            continue
        raw = part.get_payload()
        name = part.get_filename() or ""
        attachments.append(
            Attachment(
                filename=header_text(name) if name else "",
                content_type=_content_type(part),
                size=len(raw) * 3 // 4 if isinstance(raw, str) else 0,
            )
        )
    text = _part_text(chosen, notes) if chosen is not None else ""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip(), attachments


def parse_message(
    data: bytes, *, name: str = "message", dropped: list[Dropped] | None = None
) -> ParsedMessage:
    """Parse one message; MailError when the bytes are not mail or nest absurdly deep.

    ``dropped`` lists attachments whose bodies were left out before parsing
    (see ``mime.skim``); they are reported with their real sizes.
    """
    if not looks_like_mail(data):
        raise MailError(f"{name} is not an email message (no mail headers found)")
    try:
        return _parse(data, name=name, dropped=dropped or ())
    except RecursionError:
        raise MailError(f"{name} nests MIME parts too deep to read") from None
    except (MessageError, LookupError, ValueError, TypeError, IndexError, AttributeError) as err:
        log.exception("%s cannot be parsed", name)
        raise MailError(f"{name} cannot be read as mail: {_one_line(err)}") from err


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())[:200] or type(err).__name__


def _broken_headers(headers: dict[str, str]) -> list[str]:
    return [
        f"the {name.title()} header has an encoded word that does not decode; kept as written"
        for name in ("subject", "from")
        if header_is_broken(headers.get(name, ""))
    ]


def _parse(data: bytes, *, name: str, dropped: Sequence[Dropped]) -> ParsedMessage:
    msg = email.message_from_bytes(data, policy=_POLICY)
    if not _depth_ok(msg):
        raise MailError(f"{name} nests MIME parts more than {MAX_DEPTH} deep; not read")
    headers = _raw_headers(msg)
    if not any(headers.get(h) for h in _KNOWN_HEADERS):
        raise MailError(f"{name} is not an email message (no mail headers found)")
    notes = _broken_headers(headers)
    text, attachments = _body(_leaves(msg), notes)
    for gone in dropped:
        attachments = [a for a in attachments if a.filename != gone.filename or a.size]
        attachments.append(Attachment(gone.filename, gone.content_type, gone.size))
    parts = split_message(text)
    sender_name, sender_address = _address(header_text(headers.get("from", "")))
    return ParsedMessage(
        subject=header_text(headers.get("subject", "")),
        sender_name=sender_name,
        sender_address=sender_address.strip().lower(),
        date=_date(headers.get("date", "")),
        header_id=_header_id(headers.get("message-id", "")),
        in_reply_to=_ids(headers.get("in-reply-to", "")),
        references=_ids(headers.get("references", "")),
        text=text,
        new_text=parts.new,
        quoted=parts.quoted,
        signature=parts.signature,
        attachments=tuple(attachments),
        notes=tuple(dict.fromkeys(notes)),
    )
