"""One RFC 5322 message (an .eml file) to the parts nextround needs."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import parseaddr, parsedate_to_datetime

from nextround.domain.errors import MailError
from nextround.mail.html import html_to_text

_KNOWN_HEADERS = ("from", "to", "subject", "date", "message-id", "received", "mime-version")


@dataclass(frozen=True, slots=True)
class ParsedMail:
    subject: str
    sender_name: str
    sender_address: str
    date: datetime | None
    message_id: str
    text: str


def _body_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    if part.get_content_type() == "text/html":
        return html_to_text(content)
    return content


def _date(msg: EmailMessage) -> datetime | None:
    raw = msg.get("date")
    if not raw:
        return None
    try:
        when = parsedate_to_datetime(str(raw))
    except (TypeError, ValueError, IndexError):
        return None
    # stored as the user's local wall-clock time, like everything they type
    return when.astimezone().replace(tzinfo=None) if when.tzinfo else when


def parse_eml(data: bytes, *, name: str = "message") -> ParsedMail:
    """Parse one message; raise MailError when the bytes are not mail."""
    head = data[:4096].lower()
    if b"\x00" in data[:8192] or not any(f"{h}:".encode() in head for h in _KNOWN_HEADERS):
        raise MailError(f"{name} is not an email message (no mail headers found)")
    msg = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(msg, EmailMessage) or not any(msg.get(h) for h in _KNOWN_HEADERS):
        raise MailError(f"{name} is not an email message (no mail headers found)")
    try:
        subject = str(msg.get("subject", "") or "")
        sender_name, sender_address = parseaddr(str(msg.get("from", "") or ""))
        message_id = str(msg.get("message-id", "") or "").strip()
    except (ValueError, IndexError, LookupError) as err:
        raise MailError(f"{name} has headers that cannot be read: {err}") from err
    text = _body_text(msg).replace("\r\n", "\n").strip()
    if not text:
        raise MailError(f"{name} has no text body to read")
    return ParsedMail(
        subject=" ".join(subject.split()),
        sender_name=sender_name,
        sender_address=sender_address,
        date=_date(msg),
        message_id=message_id,
        text=text,
    )
