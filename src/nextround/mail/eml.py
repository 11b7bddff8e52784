"""One RFC 5322 message (an .eml file) to the parts ``nextround reject --eml`` needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from nextround.domain.errors import MailError
from nextround.mail.parse import parse_message


@dataclass(frozen=True, slots=True)
class ParsedMail:
    subject: str
    sender_name: str
    sender_address: str
    date: datetime | None
    message_id: str
    text: str


def parse_eml(data: bytes, *, name: str = "message") -> ParsedMail:
    """Parse one message; raise MailError when the bytes are not mail or have no text."""
    parsed = parse_message(data, name=name)
    if not parsed.text:
        raise MailError(f"{name} has no text body to read")
    return ParsedMail(
        subject=parsed.subject,
        sender_name=parsed.sender_name,
        sender_address=parsed.sender_address,
        date=parsed.date,
        message_id=parsed.header_id,
        text=parsed.text,
    )
