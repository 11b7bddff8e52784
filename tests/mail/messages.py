"""Messages for the mail tests: a job seeker's mail at Northwind Health, and odd bytes."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage
from pathlib import Path

REJECTION = (
    "Dear Alex,\n\nThank you for interviewing with us for the Data Analyst role. "
    "Unfortunately we have decided to move forward with another candidate.\n\n"
    "Best regards,\nDana Whitfield\nNorthwind Health"
)
INVITE = (
    "Hi Alex,\n\nWe would like to invite you to a technical interview for the Data Analyst "
    "position on 20 November at 2pm. Please confirm.\n\nDana"
)
OFFER = (
    "Dear Alex,\n\nWe are delighted to offer you the position of Data Analyst at Northwind "
    "Health. Please find the offer letter attached.\n\nDana"
)
ACTIONABLE = (
    # two named gaps: the rules alone are then sure enough (0.75) to file it without asking
    "Hi Alex,\n\nHonestly, your system design answer stayed too high-level: you did not "
    "discuss how to partition the data or handle failures. Your SQL joins were also weak. "
    "Practising both would help.\n\nDana"
)
PERSONAL = "Are you coming to lunch on Sunday? Bring the dog."


def message(
    body: str,
    *,
    subject: str = "Your application",
    sender: str = "Dana Whitfield <dana@northwind-health.com>",
    message_id: str | None = "<m1@northwind-health.com>",
    date: str = "Fri, 13 Nov 2026 16:00:00 +0100",
    in_reply_to: str = "",
    subtype: str = "plain",
    charset: str = "utf-8",
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "alex@example.org"
    msg["Subject"] = subject
    msg["Date"] = date
    if message_id:
        msg["Message-ID"] = message_id
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    msg.set_content(body, subtype=subtype, charset=charset)
    return msg


def job_mail() -> list[EmailMessage]:
    """A rejection from Northwind, an invitation from elsewhere, and mail from home."""
    return [
        message(REJECTION, message_id="<rej@northwind-health.com>"),
        message(
            "Hi Alex, we would like to invite you to a technical interview for the Backend "
            "Engineer position at Acme Robotics on 20 November at 2pm.",
            subject="Interview invitation",
            sender="Rita <rita@acme-robotics.io>",
            message_id="<inv@acme-robotics.io>",
        ),
        message(PERSONAL, subject="Sunday", sender="Mum <mum@gmail.com>", message_id="<p@x>"),
    ]


def write_mbox(path: Path, messages: list[EmailMessage]) -> Path:
    box = mailbox.mbox(path)
    try:
        for msg in messages:
            box.add(bytes(msg))
        box.flush()
    finally:
        box.close()
    return path


def nested(depth: int) -> bytes:
    """A message whose multipart/mixed parts nest ``depth`` deep."""
    head = b"From: a@b.example\r\nSubject: deep\r\nMessage-ID: <deep@b.example>\r\n"
    body = b"Content-Type: text/plain\r\n\r\nthe bottom\r\n"
    for level in range(depth):
        boundary = f"b{level}".encode()
        body = (
            b'Content-Type: multipart/mixed; boundary="'
            + boundary
            + b'"\r\n\r\n--'
            + boundary
            + b"\r\n"
            + body
            + b"--"
            + boundary
            + b"--\r\n"
        )
    return head + body


def with_attachment(size: int) -> bytes:
    msg = message(REJECTION, message_id="<big@northwind-health.com>")
    msg.add_attachment(
        b"\x89PNG" + b"x" * size, maintype="application", subtype="pdf", filename="portfolio.pdf"
    )
    return bytes(msg)
