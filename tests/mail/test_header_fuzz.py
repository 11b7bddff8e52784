"""Every header the parser reads, fuzzed: a bad header costs at most its own message.

The probe in issue 16: a Subject holding a broken encoded word
(``=?utf-8?B?abcde?=``, or a real one cut short by one base64 character)
raised ``HeaderParseError`` out of the parser and stopped every import of
the mailbox for good.
"""

from __future__ import annotations

import base64
import mailbox
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nextround.analysis import RuleJudge
from nextround.domain.errors import MailError
from nextround.domain.mailbox import LedgerStatus, MailAccount
from nextround.mail.parse import ParsedMessage, parse_message
from nextround.services import ingest
from nextround.services.ingest import import_path
from nextround.store import Database
from tests.conftest import NOW
from tests.mail.conftest import Run
from tests.mail.dovecot import Dovecot
from tests.mail.messages import REJECTION, message, write_mbox
from tests.mail.test_imap import sync

# the headers parse.py reads, and where in a message each one sits
_TOP = ("From", "To", "Subject", "Date", "Message-ID", "In-Reply-To", "References")
_PART = ("Content-Type", "Content-Disposition", "Content-Transfer-Encoding")

_CHARSETS = st.sampled_from(["utf-8", "UTF-8", "iso-8859-1", "x-klingon", "", "utf-8*en", "?"])
_B64 = base64.b64encode("Absage für Ihre Bewerbung".encode()).decode()


@st.composite
def _encoded_word(draw: st.DrawFn) -> str:
    charset = draw(_CHARSETS)
    encoding = draw(st.sampled_from(["B", "b", "Q", "q", "X", ""]))
    payload = draw(
        st.one_of(
            st.just(_B64[: draw(st.integers(0, len(_B64)))]),  # a real word cut short
            st.text(alphabet="ABCDEFabcdef0123456789+/=_?", max_size=30),
            st.text(max_size=20),
        )
    )
    return f"=?{charset}?{encoding}?{payload}?="


_WORDS = st.one_of(
    _encoded_word(),
    st.sampled_from(["=?utf-8?B?abcde?=", "=?", "?=", "<a@b>", "<", ">", '"', "\\", ";", ","]),
    st.text(max_size=30),
)
_VALUE = st.lists(_WORDS, max_size=6).map(" ".join)
_PARAMS = st.lists(
    st.tuples(
        st.sampled_from(["charset", "boundary", "name", "filename", "filename*", "filename*0*"]),
        _VALUE,
    ),
    max_size=3,
).map(lambda ps: "".join(f"; {k}={v}" for k, v in ps))


def _message(top: dict[str, str], part: dict[str, str], *, attached: bool) -> bytes:
    head = "".join(f"{k}: {v}\n" for k, v in top.items())
    body = "".join(f"{k}: {v}\n" for k, v in part.items())
    if attached:
        return (
            f"{head}MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=XX\n\n"
            f"--XX\nContent-Type: text/plain\n\nWe decided not to go on.\n"
            f"--XX\n{body}\nQUJD\n--XX--\n"
        ).encode("utf-8", "surrogateescape")
    return f"{head}{body}\nWe decided not to go on.\n".encode("utf-8", "surrogateescape")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    top=st.fixed_dictionaries({}, optional={name: _VALUE for name in _TOP}),
    ctype=st.sampled_from(["text/plain", "text/html", "application/pdf", "", "x"]).flatmap(
        lambda t: _PARAMS.map(lambda p: t + p)
    ),
    disposition=st.sampled_from(["attachment", "inline", ""]).flatmap(
        lambda d: _PARAMS.map(lambda p: d + p)
    ),
    cte=st.one_of(st.sampled_from(["base64", "quoted-printable", "8bit"]), _VALUE),
    attached=st.booleans(),
)
def test_no_header_value_crashes_the_parser(
    top: dict[str, str], ctype: str, disposition: str, cte: str, attached: bool
) -> None:
    top = {"Subject": "x", **top}  # at least one header the parser knows
    part = {
        "Content-Type": ctype,
        "Content-Disposition": disposition,
        "Content-Transfer-Encoding": cte,
    }
    raw = _message(top, part, attached=attached)
    try:
        parsed = parse_message(raw)
    except MailError as err:
        assert str(err) and "\n" not in str(err)
        return
    assert isinstance(parsed, ParsedMessage)
    assert "\n" not in parsed.subject and "\n" not in parsed.sender_name
    assert all(isinstance(a.filename, str) for a in parsed.attachments)


@pytest.mark.parametrize(
    "subject",
    [
        "=?utf-8?B?abcde?=",
        f"=?utf-8?B?{_B64[:-3]}?=",  # a real subject cut short, one character too many
        f"=?utf-8?B?{_B64}?= =?utf-8?B?abcde?=",
    ],
)
def test_a_broken_encoded_subject_is_kept_as_written_with_a_note(subject: str) -> None:
    parsed = parse_message(bytes(message(REJECTION)).replace(b"Your application", subject.encode()))
    assert "=?utf-8?B?" in parsed.subject
    assert any("Subject header" in n for n in parsed.notes)
    if subject.startswith(f"=?utf-8?B?{_B64}?="):
        assert parsed.subject.startswith("Absage für Ihre Bewerbung")


def _broken_mbox(path: Path) -> Path:
    msgs = [
        message(REJECTION.replace("Alex", f"Alex {i}"), message_id=f"<{i}@n>") for i in range(3)
    ]
    raw = [bytes(m) for m in msgs]
    raw[1] = raw[1].replace(b"Subject: Your application", b"Subject: =?utf-8?B?abcde?=")
    box = mailbox.mbox(path)
    try:
        for data in raw:
            box.add(data)
        box.flush()
    finally:
        box.close()
    return path


def test_an_mbox_with_a_broken_subject_imports_every_message(db: Database, tmp_path: Path) -> None:
    box = _broken_mbox(tmp_path / "broken.mbox")
    summary = import_path(db=db, judge=RuleJudge(), path=box, now=NOW)
    assert summary.read == 3 and summary.failed == 0
    assert any("Subject header" in n.detail for n in summary.notes)
    with db.unit() as repo:
        assert sum(repo.mail.count_ledger().values()) == 3


def test_a_parser_failure_costs_one_message_and_is_retried(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    box = write_mbox(
        tmp_path / "m.mbox",
        [message(REJECTION, message_id=f"<{i}@n>", subject=f"S{i}") for i in range(3)],
    )
    real = ingest.parse_message

    def flaky(data: bytes, **kw: object) -> ParsedMessage:
        if b"Subject: S1" in data:
            raise RuntimeError("a bug in the parser")
        return real(data, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest, "parse_message", flaky)
    first = import_path(db=db, judge=RuleJudge(), path=box, now=NOW)
    assert first.failed == 1 and first.read == 3
    [problem] = [p for p in first.problems if p.status is LedgerStatus.FAILED]
    assert "could not be read" in problem.detail
    monkeypatch.setattr(ingest, "parse_message", real)
    assert import_path(db=db, judge=RuleJudge(), path=box, now=NOW).read == 0
    again = import_path(db=db, judge=RuleJudge(), path=box, now=NOW, retry_failed=True)
    assert again.read == 1 and again.failed == 0


def test_the_cli_imports_a_broken_subject_without_a_traceback(cli: Run, tmp_path: Path) -> None:
    box = _broken_mbox(tmp_path / "broken.mbox")
    done = cli("mail", "import", str(box))
    assert done.code == 0, done.err
    assert "Subject header" in done.out


def test_an_imap_sync_with_a_broken_subject_files_every_message(
    sqlite_db: Database, dovecot: Dovecot, account: MailAccount
) -> None:
    client = dovecot.client()
    try:
        for i in range(3):
            data = bytes(message(REJECTION, message_id=f"<{i}@n>", subject=f"S{i}"))
            client.append("INBOX", data.replace(b"Subject: S1", b"Subject: =?utf-8?B?abcde?="))
    finally:
        client.logout()
    summary = sync(sqlite_db, account)
    assert not summary.errors and summary.read == 3 and summary.failed == 0
    assert any("Subject header" in n.detail for n in summary.notes)
