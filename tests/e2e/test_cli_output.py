"""Read commands for scripts and pipes: --json everywhere, ids shown, nothing hard-wrapped."""

from __future__ import annotations

from tests.e2e.conftest import Run
from tests.e2e.test_loop import ACTIONABLE, REJECTION, seed


def test_read_commands_take_json(cli: Run) -> None:
    assert cli("inbox", "--json").json() == []
    assert cli("me", "--json").json()["name"] is None


def test_threads_name_the_company_and_thread_shows_message_ids(cli: Run) -> None:
    ids = seed(cli)
    thread = cli("reject", REJECTION, "--app", str(ids["app"])).id
    reply = cli("reply", str(thread), ACTIONABLE, "--as", "actionable", "--json").json()
    listed = cli("threads")
    assert "Quarry Labs" in listed.out
    assert cli("threads", "--json").json()[0]["company"] == "Quarry Labs"
    shown = cli("thread", str(thread)).out
    assert f"[message #{reply['message_id']}]" in shown and "lesson keep MESSAGE_ID" in shown


def test_text_to_a_pipe_is_not_hard_wrapped(cli: Run) -> None:
    ids = seed(cli)
    thread = cli("reject", REJECTION, "--app", str(ids["app"])).id
    out = cli("ask", str(thread), "--channel", "email").out
    for line in out.splitlines():
        assert line == line.rstrip(), repr(line)  # no trailing spaces
    paragraph = next(line for line in out.splitlines() if line.startswith("Thank"))
    assert len(paragraph) > 100 and paragraph.endswith(".")  # one line, as written
    listed = cli("threads").out.splitlines()
    assert listed[0].split("\t")[:3] == ["thread", "app", "company"]
    assert not any(ch in cli("threads").out for ch in "┏│└")


def test_an_application_keeps_its_advert_location_and_salary(cli: Run) -> None:
    app = cli(
        "app",
        "add",
        "Northwind Health",
        "Data Analyst",
        "--url",
        "https://northwind.example/jobs/42",
        "--location",
        "Leeds",
        "--salary",
        "£38-42k",
    ).id
    shown = cli("app", "show", str(app), "--json").json()
    assert (shown["job_url"], shown["location"], shown["salary"]) == (
        "https://northwind.example/jobs/42",
        "Leeds",
        "£38-42k",
    )
    assert "Leeds · £38-42k" in cli("app", "show", str(app)).out
    bad = cli("app", "edit", str(app), "--url", "northwind jobs page")
    assert bad.code != 0 and "is not a web address" in bad.err
    assert cli("app", "edit", str(app), "--location", "Remote").code == 0
    assert cli("app", "show", str(app), "--json").json()["location"] == "Remote"
