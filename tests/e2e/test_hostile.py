"""The hostile probe of issue 16, rerun through the real CLI: nothing sent breaks it."""

from __future__ import annotations

from pathlib import Path

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
