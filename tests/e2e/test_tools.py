"""analyze, lint-draft, export/import and database selection through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nextround.cli import main
from tests.e2e.conftest import Run

EMAILS = [
    {
        "id": "a",
        "text": "Subject: Interview invitation\n\nWe'd like to invite you to interview "
        "on Tuesday at 2pm for the Analyst role.",
    },
    {
        "id": "b",
        "text": "Dear Sam, thank you for interviewing with us. Unfortunately, we have "
        "decided to move forward with other candidates.",
        "extra": 1,
    },
]


def test_analyze_emails_follows_the_contract(cli: Run, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    lines = [json.dumps(EMAILS[0]), "{not json", "", json.dumps({"id": "c"}), json.dumps(EMAILS[1])]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("analyze", "emails", str(src))
    assert result.code == 1
    out = [json.loads(line) for line in result.out.splitlines()]
    assert [o.get("id") for o in out] == ["a", None, None, "b"]
    assert out[1]["line"] == 2 and "error" in out[1]
    assert out[2]["line"] == 4 and "error" in out[2]
    first, last = out[0], out[3]
    assert list(first)[:9] == [
        "id",
        "kind",
        "is_rejection",
        "after_interview",
        "gives_reason",
        "reason",
        "company",
        "role",
        "person",
    ]
    assert first["kind"] == "invite" and first["is_rejection"] is False
    assert first["after_interview"] is None
    assert last["kind"] == "rejection" and last["is_rejection"] is True
    assert last["after_interview"] is True and 0.0 <= last["confidence"] <= 1.0


def test_analyze_replies_from_stdin(cli: Run) -> None:
    rows = [
        {"id": 1, "text": "I'm sorry, but company policy prevents us from sharing feedback."},
        {"id": 2, "text": "You were great, but another candidate had more experience."},
        {"id": 3, "text": "Your SQL was weak: you couldn't write a join with a GROUP BY."},
    ]
    result = cli("analyze", "replies", "-", stdin="\n".join(json.dumps(r) for r in rows))
    assert result.code == 0, result.err
    out = [json.loads(line) for line in result.out.splitlines()]
    assert [o["category"] for o in out] == ["declined", "generic", "actionable"]
    assert out[1]["probe"] and out[0]["probe"] is None and out[2]["probe"] is None
    assert out[2]["actionable"] is True and "technical_skills" in out[2]["themes"]
    assert out[2]["evidence"]


def test_analyze_a_long_file_on_two_processes_matches_one(cli: Run, tmp_path: Path) -> None:
    src = tmp_path / "many.jsonl"
    rows = [dict(EMAILS[i % 2], id=i) for i in range(700)]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    one = cli("analyze", "emails", str(src), "--jobs", "1")
    two = cli("analyze", "emails", str(src), "--jobs", "2")
    assert one.code == two.code == 0, two.err
    assert one.out == two.out
    assert [json.loads(line)["id"] for line in two.out.splitlines()] == list(range(700))


def test_analyze_missing_file(cli: Run) -> None:
    result = cli("analyze", "emails", "nope.jsonl")
    assert result.code != 0 and result.err.startswith("error: no such file")


GOOD = """Hi Dana,

Thank you for taking the time to speak with me on Tuesday. I really enjoyed our
conversation about the churn model. I understand you went with another candidate
and I respect the decision. Would you share what I could have done better, and what
I should work on?

Best regards,
Sam"""

BAD = """Dana,
I don't understand why I wasn't chosen, I was clearly the best fit.
I expect a response by Friday!!!"""


def test_lint_draft_json(cli: Run, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = cli("lint-draft", str(good), "--talking-point", "the churn model", "--json")
    report = result.json()
    assert result.code == 0 and report["ok"] is True and report["missing"] == []
    assert set(report) >= {"ok", "score", "missing", "flags"}
    bad = cli("lint-draft", "-", "--json", stdin=BAD)
    report = bad.json()
    assert bad.code == 1 and report["ok"] is False
    assert {"defensive", "pushy"} <= set(report["flags"])
    assert {"thanks", "memory_trigger", "asks_what_to_improve"} <= set(report["missing"])
    assert report["score"] < 50


def test_database_url_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'env.sqlite'}"
    monkeypatch.setenv("NEXTROUND_DATABASE_URL", url)
    assert main(["app", "add", "Env Co", "Analyst"]) == 0
    assert (tmp_path / "env.sqlite").exists()
    monkeypatch.delenv("NEXTROUND_DATABASE_URL")
    monkeypatch.setenv("NEXTROUND_DATA_DIR", str(tmp_path / "data"))
    capsys.readouterr()
    assert main(["app", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert (tmp_path / "data" / "nextround.sqlite").exists()


def test_the_installed_command_runs(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("nextround")
    out = subprocess.run(
        [str(exe), "--db", str(tmp_path / "x.sqlite"), "app", "add", "Acme", "Analyst"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0 and out.stdout.strip() == "1"
    bad = subprocess.run(
        [str(exe), "--db", str(tmp_path / "x.sqlite"), "ask", "42"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 3
    assert bad.stderr.strip() == "error: no feedback thread with id 42"


def test_analyze_answers_each_typed_line_before_the_next(tmp_path: Path) -> None:
    import os
    import pty
    import select

    exe = Path(sys.executable).with_name("nextround")
    main_end, typing_end = pty.openpty()  # stdin is a terminal, as when someone types
    env = dict(os.environ, NEXTROUND_DATA_DIR=str(tmp_path / "data"))
    proc = subprocess.Popen(
        [str(exe), "analyze", "emails", "-"],
        stdin=typing_end,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    os.close(typing_end)
    assert proc.stdout is not None
    try:
        for n in (1, 2):
            line = json.dumps({"id": n, "text": EMAILS[1]["text"]}) + "\n"
            os.write(main_end, line.encode())
            ready, _, _ = select.select([proc.stdout], [], [], 60)
            assert ready, f"no answer to line {n} while the next is not typed yet"
            answer = json.loads(proc.stdout.readline())
            assert answer["id"] == n and answer["kind"] == "rejection"
        os.write(main_end, b"\x04")  # end of input
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
        os.close(main_end)
