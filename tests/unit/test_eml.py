"""Reading one .eml message: charsets, HTML bodies, and bytes that are not mail."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nextround.domain.errors import MailError
from nextround.mail import parse_eml


def build(body: str, *, subtype: str = "plain", charset: str = "utf-8") -> bytes:
    msg = EmailMessage()
    msg["From"] = "Zoë Brandt <zoe@fjord.example>"
    msg["To"] = "sam@example.org"
    msg["Subject"] = "Ihre Bewerbung – Data Analyst"
    msg["Date"] = "Fri, 13 Nov 2026 16:00:00 +0100"
    msg.set_content(body, subtype=subtype, charset=charset)
    return bytes(msg)


def test_plain_message() -> None:
    mail = parse_eml(build("Thank you for interviewing with us.\nSadly we chose another."))
    assert mail.subject == "Ihre Bewerbung – Data Analyst"
    assert mail.sender_name == "Zoë Brandt" and mail.sender_address == "zoe@fjord.example"
    assert mail.date is not None and mail.date.tzinfo is None
    assert mail.text.startswith("Thank you for interviewing")


def test_latin1_body_is_decoded() -> None:
    mail = parse_eml(
        build("Merci pour l'entretien, nous avons retenu un autre profil.", charset="latin-1")
    )
    assert "retenu" in mail.text


def test_html_only_body_becomes_text() -> None:
    html = (
        "<html><head><style>p{}</style></head><body><p>Dear Sam,</p><p>We&nbsp;regret"
        " to tell you</p><script>x()</script></body></html>"
    )
    mail = parse_eml(build(html, subtype="html"))
    assert mail.text == "Dear Sam,\n\nWe regret to tell you"


def test_unknown_charset_falls_back() -> None:
    raw = build("placeholder").replace(b'charset="utf-8"', b'charset="x-unknown-42"')
    raw = raw.replace(b"charset=utf-8", b"charset=x-unknown-42")
    mail = parse_eml(raw)
    assert mail.text


@pytest.mark.parametrize(
    "data",
    [b"", b"hello world\nthis is a note\n", b"\x89PNG\r\n\x1a\n\x00\x00\x00", b"From: a@b\n\n"],
)
def test_not_mail_is_refused(data: bytes) -> None:
    with pytest.raises(MailError):
        parse_eml(data, name="x.eml")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    try:
        mail = parse_eml(b"From: a@b.example\nSubject: s\n\n" + data)
    except MailError:
        return
    assert isinstance(mail.text, str)
