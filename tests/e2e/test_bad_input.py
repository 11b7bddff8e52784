"""Bad input: one clear line on stderr, a non-zero status, and the database unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import Run

REJECTION = (
    "Dear Sam, thank you for interviewing with Quarry Labs. Unfortunately we will not be "
    "moving forward with your application. Kind regards, Lena"
)


@pytest.fixture
def seeded(cli: Run) -> dict[str, int]:
    cli("me", "Sam Okafor")
    app = cli("app", "add", "Quarry Labs", "Data Engineer").id
    thread = cli("reject", REJECTION, "--app", str(app)).id
    return {"app": app, "thread": thread}


def snapshot(cli: Run, tmp_path: Path) -> dict[str, object]:
    target = tmp_path / "snap.json"
    assert cli("export", str(target)).code == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    data.pop("exported_at")
    return data


def assert_clean_failure(result: object, *needles: str) -> None:
    code, err = result.code, result.err  # type: ignore[attr-defined]
    assert code != 0
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0]


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


CASES = {
    "unknown application": lambda t: ("app", "show", "999"),
    "unknown thread": lambda t: ("ask", "999"),
    "unknown lesson": lambda t: ("lesson", "edit", "42", "--status", "resolved"),
    "unknown contact in interview": lambda t: (
        "interview",
        "add",
        "1",
        "--stage",
        "x",
        "--when",
        "2026-11-01",
        "--with",
        "77",
    ),
    "invalid date": lambda t: ("interview", "add", "1", "--stage", "x", "--when", "31/02/2026"),
    "unknown theme": lambda t: ("lesson", "add", "--theme", "charisma", "--statement", "x"),
    "rating out of range": lambda t: (
        "interview",
        "add",
        "1",
        "--stage",
        "x",
        "--when",
        "2026-11-01",
        "--rate",
        "communication=9",
    ),
    "empty reply": lambda t: ("reply", "1", "   "),
    "empty company": lambda t: ("app", "add", " ", "Analyst"),
    "binary file": lambda t: (
        "reply",
        "1",
        "--file",
        write(t, "x.bin", b"\x89PNG\x00\x01\x02" * 50),
    ),
    "non-UTF-8 file": lambda t: (
        "reply",
        "1",
        "--file",
        write(t, "latin.txt", "Votre candidature n'a pas été retenue".encode("latin-1")),
    ),
    "missing file": lambda t: ("reply", "1", "--file", str(t / "nope.txt")),
    "eml that is not mail": lambda t: (
        "reject",
        "--app",
        "1",
        "--eml",
        write(t, "x.eml", b"just some words\nand more words\n"),
    ),
    "not a rejection": lambda t: (
        "reject",
        "--app",
        "1",
        "Hi Sam, we'd love to invite you to a second interview next Tuesday at 10am.",
    ),
    "bad export file": lambda t: ("import", write(t, "bad.json", b"{not json")),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_one_clear_line(
    case: str, cli: Run, seeded: dict[str, int], tmp_path: Path
) -> None:
    before = snapshot(cli, tmp_path)
    result = cli(*CASES[case](tmp_path))
    assert_clean_failure(result)
    assert snapshot(cli, tmp_path) == before


def test_a_50_mb_paste_is_refused(cli: Run, seeded: dict[str, int], tmp_path: Path) -> None:
    before = snapshot(cli, tmp_path)
    result = cli("reply", str(seeded["thread"]), "-", stdin="feedback " * 6_000_000)
    assert_clean_failure(result, "MB")
    assert snapshot(cli, tmp_path) == before


def test_a_huge_file_is_refused(cli: Run, seeded: dict[str, int], tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 50_000_000)
    before = snapshot(cli, tmp_path)
    assert_clean_failure(cli("reply", str(seeded["thread"]), "--file", str(big)), "MB")
    assert snapshot(cli, tmp_path) == before


def test_unknown_option_is_a_usage_error(cli: Run) -> None:
    result = cli("app", "list", "--colour")
    assert result.code == 2 and "Traceback" not in result.err
