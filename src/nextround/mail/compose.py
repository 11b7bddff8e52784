"""A draft as an RFC 5322 message: ready to sit in Drafts or open from an .eml file."""

from __future__ import annotations

import email.policy
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid


def new_message_id(domain: str = "") -> str:
    return make_msgid(domain=domain or "nextround.invalid")


def draft_message(
    *,
    subject: str,
    body: str,
    sender: str,
    to: str,
    message_id: str,
    in_reply_to: str = "",
    references: tuple[str, ...] = (),
    at: datetime,
) -> bytes:
    """The draft's bytes; ``X-Unsent`` makes mail programs open an .eml as a draft."""
    msg = EmailMessage(policy=email.policy.default)
    if sender:
        msg["From"] = sender
    if to:
        msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(at.astimezone())
    msg["Message-ID"] = message_id
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    chain = [r for r in (*references, in_reply_to) if r]
    if chain:
        msg["References"] = " ".join(dict.fromkeys(chain))
    msg["X-Unsent"] = "1"
    msg["X-Mailer"] = "nextround (draft: review it and send it yourself)"
    msg.set_content(body)
    return msg.as_bytes(policy=email.policy.SMTP)
