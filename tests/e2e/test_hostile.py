"""The hostile probe of issue 16, rerun through the real CLI: nothing sent breaks it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.e2e.conftest import Run
from tests.e2e.test_bad_input import assert_clean_failure

REJECTION = (
    "Dear Sam, thank you for interviewing with Quarry Labs. Unfortunately we will not be "
    "moving forward with your application. Kind regards, Lena"
)


def _eml(subject: str) -> bytes:
    return (
        f"From: Lena <lena@quarry.example>\nTo: sam@example.org\nSubject: {subject}\n"
        f"Date: Fri, 13 Nov 2026 16:00:00 +0100\nMessage-ID: <q1@quarry.example>\n\n{REJECTION}\n"
    ).encode()


def test_reject_eml_with_a_broken_encoded_subject_is_recorded(cli: Run, tmp_path: Path) -> None:
    app = cli("app", "add", "Quarry Labs", "Data Engineer").id
    eml = tmp_path / "broken.eml"
    eml.write_bytes(_eml("=?utf-8?B?abcde?="))
    done = cli("reject", "--eml", str(eml), "--app", str(app))
    assert done.code == 0, done.err
    assert cli("next").code == 0


def test_reject_eml_on_a_file_that_is_not_mail_is_one_line(cli: Run, tmp_path: Path) -> None:
    app = cli("app", "add", "Quarry Labs", "Data Engineer").id
    for name, data in [("notes.txt", b"just some notes\n"), ("photo.jpg", b"\xff\xd8\xff" * 99)]:
        path = tmp_path / name
        path.write_bytes(data)
        assert_clean_failure(cli("reject", "--eml", str(path), "--app", str(app)), "not an email")


def _snapshot(cli: Run, tmp_path: Path) -> dict[str, object]:
    from tests.e2e.test_bad_input import snapshot

    return snapshot(cli, tmp_path)


@pytest.mark.parametrize(
    ("at", "needle"),
    [
        ("9999-12-31 23:59", "1900-2200"),
        ("0001-01-01", "1900-2200"),
        ("9999-12-31T23:59-12:00", "1900-2200"),
        ("2031-01-01", "future"),
        ("2026-13-45", "not a date"),
    ],
)
def test_reject_at_out_of_bounds_changes_nothing(
    cli: Run, tmp_path: Path, at: str, needle: str
) -> None:
    app = cli("app", "add", "Quarry Labs", "Data Engineer").id
    before = _snapshot(cli, tmp_path)
    assert_clean_failure(cli("reject", REJECTION, "--app", str(app), "--at", at), needle)
    assert _snapshot(cli, tmp_path) == before
    assert cli("next").code == 0


def test_a_zone_in_a_typed_time_means_what_it_says(cli: Run) -> None:
    app = cli("app", "add", "Quarry Labs", "Data Engineer").id
    for typed in ("2026-11-20T14:30+05:00", "2026-11-20T09:30Z", "2026-11-20 09:30:00+00:00"):
        assert cli("interview", "add", str(app), "--stage", "x", "--when", typed).code == 0
    expected = datetime(2026, 11, 20, 9, 30, tzinfo=UTC).astimezone().replace(tzinfo=None)
    whens = {i["when"] for i in cli("interview", "list", "--json").json()}
    assert whens == {expected.isoformat()}


def test_reply_and_sent_cannot_be_in_the_future(cli: Run, tmp_path: Path) -> None:
    app = cli("app", "add", "Quarry Labs", "Data Engineer").id
    thread = cli("reject", REJECTION, "--app", str(app)).id
    before = _snapshot(cli, tmp_path)
    reply = cli("reply", str(thread), "We went with someone else.", "--at", "2026-11-20")
    assert_clean_failure(reply, "future")
    assert _snapshot(cli, tmp_path) == before
    # within a day ahead is a clock or a time zone, not a typo
    assert cli("reply", str(thread), "No feedback, sorry.", "--at", "tomorrow").code == 0


def test_reject_eml_from_a_device_is_refused(cli: Run) -> None:
    app = cli("app", "add", "Quarry Labs", "Data Engineer").id
    assert_clean_failure(
        cli("reject", "--eml", "/dev/zero", "--app", str(app)), "not a regular file"
    )
    assert_clean_failure(cli("reply", "1", "--file", "/dev/zero"), "not a regular file")


def _strict(line: str) -> dict[str, object]:
    def refuse(constant: str) -> object:
        raise AssertionError(f"{constant} in the output is not JSON")

    value = json.loads(line, parse_constant=refuse)
    assert isinstance(value, dict)
    return value


@pytest.mark.parametrize("task", ["emails", "replies"])
def test_analyze_answers_every_hostile_line_and_judges_the_rest(
    cli: Run, tmp_path: Path, task: str
) -> None:
    good = json.dumps({"id": "ok", "text": "We went with another candidate."})
    lines = [
        good,
        '{"id": 2, "text": "abc \\ud800 def"}',  # a lone surrogate
        "[" * 100_000 + "]" * 100_000,  # nested past the recursion limit
        '{"id": NaN, "text": "hello"}',
        '{"id": 1e999, "text": "hello"}',
        '{"id": "\\udfff", "text": "hello"}',
        '{"id": 7, "text": "hi", "extra": ' + "[" * 5000 + "]" * 5000 + "}",
        good,
    ]
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = cli("analyze", task, str(path), "--jobs", "1")
    assert done.code == 1 and "Traceback" not in done.err
    out = [_strict(line) for line in done.out.splitlines()]
    assert len(out) == len(lines)
    assert out[0]["id"] == out[-1]["id"] == "ok"
    assert [o.get("line") for o in out[1:-1]] == [2, 3, 4, 5, 6, 7]
    assert all(isinstance(o.get("error"), str) for o in out[1:-1])


HUGE_IDS = ("9223372036854775808", "99999999999999999999", "2147483648", "0")


@pytest.mark.parametrize(
    "command",
    [
        ("app", "show", "{id}"),
        ("app", "edit", "{id}", "--notes", "x"),
        ("interview", "add", "{id}", "--stage", "x", "--when", "2026-11-20"),
        ("interview", "add", "1", "--stage", "x", "--when", "2026-11-20", "--with", "{id}"),
        ("interview", "assess", "{id}", "--rate", "communication=3"),
        ("interview", "list", "--app", "{id}"),
        ("reject", REJECTION, "--app", "{id}"),
        ("ask", "{id}"),
        ("reply", "{id}", "thanks"),
        ("probe", "{id}"),
        ("follow-up", "{id}"),
        ("pitch", "{id}", "--evidence", "x"),
        ("thank", "{id}"),
        ("close", "{id}"),
        ("answer", "{id}", "not-now"),
        ("thread", "{id}"),
        ("brief", "{id}"),
        ("lesson", "edit", "{id}", "--status", "resolved"),
        ("lesson", "keep", "{id}"),
        ("correct", "{id}", "--kind", "rejection"),
        ("inbox", "show", "{id}"),
        ("inbox", "confirm", "{id}"),
        ("inbox", "dismiss", "{id}"),
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_an_id_out_of_range_is_one_clear_refusal(cli: Run, command: tuple[str, ...]) -> None:
    cli("app", "add", "Quarry Labs", "Data Engineer")
    for ident in HUGE_IDS:
        done = cli(*(part.replace("{id}", ident) for part in command))
        assert done.code != 0, (command, ident)
        assert "Traceback" not in done.err and "OverflowError" not in done.err
        assert "out of range" not in done.err
        ranged = "Invalid value for" in done.err and "or equal to" in done.err
        # "--with" also takes a name, so its number is checked by the command itself
        assert ranged or ("--with" in command and "no contact has that id" in done.err)


def test_errors_do_not_name_internals(cli: Run, tmp_path: Path) -> None:
    """The probe: "cannot reach 127.0.0.1:1: 111" and "version 1; this nextround reads
    version 1" (a version written as a string)."""
    dump = tmp_path / "backup.json"
    assert cli("export", str(dump)).code == 0
    data = json.loads(dump.read_text(encoding="utf-8"))
    data["version"] = str(data["version"])
    dump.write_text(json.dumps(data), encoding="utf-8")
    other = tmp_path / "other.sqlite"
    assert_clean_failure(cli("--db", str(other), "import", str(dump)), "damaged")


def test_an_unreachable_mail_server_is_said_in_words() -> None:
    from nextround.domain.errors import MailError
    from nextround.domain.mailbox import MailAccount, Security
    from nextround.mail.imap import connect

    account = MailAccount(
        id=None, name="x", host="127.0.0.1", port=1, username="u", security=Security.TLS
    )
    with pytest.raises(MailError) as caught, connect(account, "pw", timeout=5):
        pass
    assert "Connection refused" in str(caught.value) and "111" not in str(caught.value)
