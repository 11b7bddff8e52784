"""Text that looks like Rich markup ("[bold]", "[/b]") in user or message data is printed
as written by every command that shows it: never read as a style (the text would vanish)
and never an error (an unmatched closing tag raises in Rich)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import Result, Run

COMPANY = "Acme [/b] Ltd"
ROLE = "Analyst [bold]x[/bold] Lead"
PERSON = "Lena [red] Fischer"
ME = "Sam [/b] Okafor"
STAGE = "onsite [red]"
POINT = "the [bold]x[/bold] ingestion rewrite [/b]"
REASON = "Unfortunately the [/i] position has now been filled."
REJECTION = f"Hi Sam,\n\nThank you for your time last week. {REASON} We wish you well.\n\nKim"
EVIDENCE = (
    "You never discussed how the pipeline [/b] would handle late-arriving [bold]x[/bold] "
    "data or backfills [red]."
)
REPLY = f"Sure. Your system design answer stayed too high-level. {EVIDENCE} Good chat."
STRENGTH = "Clear [bold]x[/bold] answers [/b] under [red] pressure"
DRAWN = (COMPANY, ROLE, PERSON, ME, POINT, REASON, STRENGTH)


@pytest.fixture(params=["terminal", "pipe"])
def shown(request: pytest.FixtureRequest, cli: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    """The CLI with output going through Rich as on a terminal (tables boxed, ``next``
    coloured), or plain as to a pipe; wide enough that no cell is wrapped."""
    if request.param == "terminal":
        import nextround.cli.common
        import nextround.cli.insight

        def terminal(*, err: bool = False) -> bool:
            return not err  # stdout as a terminal; no progress bars on stderr

        monkeypatch.setattr(nextround.cli.common, "on_terminal", terminal)
        monkeypatch.setattr(nextround.cli.insight, "on_terminal", terminal)
    monkeypatch.setenv("COLUMNS", "400")
    return cli


def ok(result: Result, *texts: str) -> str:
    assert result.code == 0, result.err
    both = result.out + result.err
    for text in texts:
        assert text in both, f"{text!r} not printed as written:\n{both}"
    return both


def test_markup_like_text_is_printed_as_written(shown: Run) -> None:
    cli = shown
    ok(cli("me", ME))
    app = cli("app", "add", COMPANY, ROLE).id
    person = cli("contact", "add", PERSON, "--company", COMPANY, "--title", "Lead [/b]").id
    interview = cli(
        "interview",
        "add",
        str(app),
        "--stage",
        STAGE,
        "--when",
        "2026-11-10 14:00",
        "--with",
        str(person),
        "--point",
        POINT,
        "--rate",
        "communication=5",
    ).id

    ok(cli("app", "show", str(app)), COMPANY, ROLE, STAGE, POINT)
    ok(cli("app", "list"), COMPANY, ROLE)
    ok(cli("contact", "list"), PERSON, COMPANY, "Lead [/b]")
    ok(cli("interview", "list"), STAGE, POINT)

    rejected = cli("reject", REJECTION, "--app", str(app), "--at", "2026-11-13 16:00")
    ok(rejected, COMPANY, ROLE, REASON)
    thread = rejected.id
    ok(cli("next"), COMPANY, ROLE)
    ok(cli("threads"), COMPANY)
    ok(cli("ask", str(thread), "--channel", "email"), PERSON.split()[0], POINT, ME)
    ok(cli("ask", str(thread), "--channel", "email", "--sent"))

    replied = cli("reply", str(thread), REPLY, "--json")
    assert replied.code == 0, replied.err
    message = replied.json()["message_id"]
    ok(cli("thread", str(thread)))
    ok(cli("lesson", "keep", str(message)), EVIDENCE)
    ok(cli("lesson", "keep", str(message), "--save"))
    ok(
        cli(
            "lesson",
            "add",
            "--theme",
            "communication",
            "--polarity",
            "strength",
            "--statement",
            STRENGTH,
            "--evidence",
            f"they said: {STRENGTH}",
            "--app",
            str(app),
        )
    )

    ok(cli("lesson", "list"), STRENGTH)
    ok(cli("profile"), STRENGTH)
    ok(cli("brief", str(interview)), COMPANY, ROLE, PERSON, STAGE, POINT, STRENGTH)
    ok(cli("stats"))
    ok(cli("app", "show", str(app)), COMPANY, ROLE, POINT)


def test_a_reply_is_printed_as_written(shown: Run) -> None:
    """``reply`` prints its judgement, the evidence quoted and the next draft."""
    ok(shown("me", ME))
    app = shown("app", "add", COMPANY, ROLE).id
    thread = shown("reject", REJECTION, "--app", str(app), "--at", "2026-11-13 16:00").id
    ok(shown("ask", str(thread), "--channel", "email", "--sent"))
    ok(shown("reply", str(thread), REPLY), EVIDENCE)
    ok(shown("thread", str(thread)))


def test_an_import_shows_a_file_name_and_rows_as_written(
    cli: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The progress bar names the file (neither markup nor a format string), and the
    dry run previews each row's company and role."""
    monkeypatch.setenv("FORCE_COLOR", "1")  # Rich takes both streams for terminals
    monkeypatch.setenv("COLUMNS", "400")
    sheet = tmp_path / "jobs [bold]x {0} [red].csv"  # no "/" in a file name
    sheet.write_text(f'company,role,status\n"{COMPANY}","{ROLE}",applied\n', encoding="utf-8")
    ok(cli("app", "import", str(sheet), "--dry-run"), f"{COMPANY} — {ROLE}")
    ok(cli("app", "import", str(sheet)))
    ok(cli("app", "list"), COMPANY, ROLE)
