"""Parsing hostile and odd mail: each gives a clear result or a clear MailError."""

from __future__ import annotations

import io
from email.utils import parseaddr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nextround.domain.errors import MailError
from nextround.mail.charsets import decode_bytes
from nextround.mail.html import html_to_text
from nextround.mail.mime import lines_of, skim
from nextround.mail.parse import _address, parse_message
from nextround.mail.quoting import split_message
from tests.mail.messages import REJECTION, message, nested, with_attachment


def test_headers_and_threading_are_read() -> None:
    raw = bytes(message(REJECTION, in_reply_to="<ask@example.org>"))
    parsed = parse_message(raw)
    assert parsed.subject == "Your application"
    assert parsed.sender_address == "dana@northwind-health.com"
    assert parsed.header_id == "<m1@northwind-health.com>"
    assert parsed.thread_ids == ("<ask@example.org>",)
    assert parsed.new_text.startswith("Dear Alex")


def test_eight_bit_headers_are_read_as_utf8_or_1252() -> None:
    raw = (
        "From: Zoë Brandt <zoe@fjord.example>\nSubject: Ihre Bewerbung für Analyst\n"
        "Message-ID: <z@f>\n\nDanke.\n"
    ).encode()
    parsed = parse_message(raw)
    assert parsed.subject == "Ihre Bewerbung für Analyst"
    assert parsed.sender_name == "Zoë Brandt"
    latin = raw.decode().encode("latin-1")
    assert parse_message(latin).subject == "Ihre Bewerbung für Analyst"


@pytest.mark.parametrize(
    ("label", "data", "expected"),
    [
        ("gb2312", "谢谢".encode("gb18030"), "谢谢"),
        ("ks_c_5601-1987", "감사".encode("cp949"), "감사"),
        ("iso-8859-8-i", "תודה".encode("iso-8859-8"), "תודה"),
        ("x-unknown-42", "merci à vous".encode(), "merci à vous"),
        ("us-ascii", "naïve".encode("cp1252"), "naïve"),
    ],
)
def test_charsets_real_mail_uses(label: str, data: bytes, expected: str) -> None:
    text, _note = decode_bytes(data, label)
    assert text == expected


def test_an_unknown_charset_is_a_note_not_an_error() -> None:
    raw = bytes(message("merci à vous")).replace(b"utf-8", b"x-klingon")
    parsed = parse_message(raw)
    assert "merci" in parsed.text
    assert any("x-klingon" in n for n in parsed.notes)


def test_not_rfc5322_is_refused_clearly() -> None:
    with pytest.raises(MailError, match="not an email message"):
        parse_message(b"Dear team, here are my notes\nfrom the meeting.\n", name="notes.txt")


def test_deeply_nested_mime_is_refused_clearly() -> None:
    assert "the bottom" in parse_message(nested(5)).text
    with pytest.raises(MailError, match="nest"):
        parse_message(nested(300), name="deep.eml")


def test_html_bomb_is_read_in_linear_time() -> None:
    bomb = "<html><body>" + "<div>" * 200_000 + "We regret" + "</div>" * 200_000
    assert html_to_text(bomb) == "We regret"  # how long it takes: bench/, not a test


def test_html_body_becomes_text() -> None:
    parsed = parse_message(bytes(message("<p>Dear Alex,</p><p>We regret</p>", subtype="html")))
    assert parsed.text == "Dear Alex,\n\nWe regret"


def test_a_30_mb_attachment_is_skimmed_not_loaded() -> None:
    raw = with_attachment(30_000_000)
    skimmed = skim(lines_of(io.BytesIO(raw[1000:]), raw[:1000]))
    assert len(skimmed.data) < 10_000
    assert [(d.filename, d.size > 30_000_000) for d in skimmed.dropped] == [("portfolio.pdf", True)]
    parsed = parse_message(skimmed.data, dropped=skimmed.dropped)
    assert "another candidate" in parsed.text
    assert any(a.filename == "portfolio.pdf" and a.size > 30_000_000 for a in parsed.attachments)


def test_quoted_history_and_signature_are_separated() -> None:
    text = (
        "Thanks for asking. Your SQL was strong.\n\n-- \nDana Whitfield\nNorthwind\n\n"
        "On Mon, 16 Nov 2026, Alex wrote:\n> Could you tell me what to work on?"
    )
    parts = split_message(text)
    assert parts.new == "Thanks for asking. Your SQL was strong."
    assert parts.signature.startswith("--") and "Dana Whitfield" in parts.signature
    assert parts.quoted.startswith("On Mon") and "what to work on" in parts.quoted
    inline = split_message("> what should I improve?\nYour structure.\n> anything else?\nNo.")
    assert inline.new == "Your structure.\nNo." and inline.quoted.count(">") == 2


_HEADER = st.sampled_from(
    [
        b"From",
        b"To",
        b"Subject",
        b"Date",
        b"Message-ID",
        b"Content-Type",
        b"In-Reply-To",
        b"Content-Transfer-Encoding",
        b"MIME-Version",
        b"References",
        b"X-\xff\xfe",
    ]
)
_VALUE = st.one_of(
    st.binary(max_size=80),
    st.sampled_from(
        [
            b"=?utf-8?q?caf=C3=A9?=",
            b"=?x-bad?b?!!!?=",
            b"multipart/mixed; boundary=",
            b"<a@b>",
            b"text/html; charset=klingon",
            b"base64",
            b"quoted-printable",
            b"Mon, 99 Foo 2026",
        ]
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    headers=st.lists(st.tuples(_HEADER, _VALUE), min_size=1, max_size=8),
    body=st.binary(max_size=3000),
    newline=st.sampled_from([b"\n", b"\r\n", b"\r"]),
)
def test_malformed_messages_never_crash_the_parser(
    headers: list[tuple[bytes, bytes]], body: bytes, newline: bytes
) -> None:
    raw = newline.join(name + b": " + value for name, value in headers) + newline * 2 + body
    try:
        parsed = parse_message(raw)
    except MailError as err:
        assert str(err) and "\n" not in str(err)
        return
    assert isinstance(parsed.text, str) and isinstance(parsed.subject, str)
    assert parsed.new_text in parsed.text or not parsed.new_text


def test_eight_bit_utf8_text_is_read_as_written() -> None:
    data = (
        "From: a@b.example\nSubject: hi\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: 8bit\n\nStar ★, dot ·, Grüße\n"
    ).encode()
    parsed = parse_message(data)
    assert parsed.text == "Star ★, dot ·, Grüße" and not parsed.notes
    latin = "Content-Type: text/plain; charset=iso-8859-1\n\nGrüße\n".encode("latin-1")
    assert parse_message(b"From: a@b.example\n" + latin).text == "Grüße"


_ADDRESS_PARTS = st.sampled_from(
    [*"aZ09_+-.@<> \"'(),;:\\é", "dana", "nw.example", "a.b", "@x.example", "Zoë Brandt"]
)


@settings(max_examples=500, deadline=None)
@given(parts=st.lists(_ADDRESS_PARTS, max_size=14))
def test_senders_are_read_as_parseaddr_reads_them(parts: list[str]) -> None:
    value = "".join(parts)
    assert _address(value) == parseaddr(value)


@pytest.mark.parametrize(
    "value",
    [
        "Dana Whitfield <dana@northwind-health.com>",
        "<dana@nw.example>",
        "dana.w@mail.nw.example",
        "O'Brien-Smith <o@x.example>",
        "Zoë 3 <z_3+jobs@x-y.example>",
        '"Whitfield, Dana" <dana@nw.example>',
        "dana@nw.example (Dana)",
        "Dana <dana@nw.example",
        "a..b@x.example",
    ],
)
def test_plain_senders_are_read_as_parseaddr_reads_them(value: str) -> None:
    assert _address(value) == parseaddr(value)
