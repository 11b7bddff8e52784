"""Lessons worth keeping, from the command line: one per point, reviewed, never duplicated."""

from __future__ import annotations

from tests.e2e.conftest import Run
from tests.e2e.test_loop import REJECTION, seed

TWO_GAPS_AND_PRAISE = (
    "Sure. Your system design answer stayed too high-level: you never discussed how the "
    "pipeline would handle late-arriving data or backfills. We also felt you lacked "
    "experience with stakeholder management. Your communication was great."
)
AGAIN = "Honestly, your system design answer was too shallow for a senior role."


def _reply(cli: Run, text: str, *, company: str = "Quarry Labs", at: str) -> int:
    app = cli("app", "add", company, "Data Engineer").id
    thread = cli("reject", REJECTION, "--app", str(app), "--at", at).id
    logged = cli("reply", str(thread), text, "--as", "actionable", "--at", at, "--json").json()
    return int(logged["message_id"])


def test_a_reply_gives_one_lesson_per_point_and_nothing_is_saved_before_review(cli: Run) -> None:
    cli("me", "Sam Okafor")
    message = _reply(cli, TWO_GAPS_AND_PRAISE, at="2026-11-13 16:00")
    review = cli("lesson", "keep", str(message), "--json").json()
    assert review["saved"] is False and cli("lesson", "list", "--json").json() == []
    points = review["points"]
    weak = [p for p in points if p["polarity"] == "weakness"]
    strong = [p for p in points if p["polarity"] == "strength"]
    assert len(weak) == 2 and len(strong) == 1
    quotes = [q for p in points for q in p["evidence"]]
    assert len(quotes) == len(set(quotes)) == 3  # each sentence kept once, with its point
    for p in points:
        assert p["statement"] not in " ".join(p["evidence"])  # not the quote again
        assert not p["statement"].startswith("Work on culture fit:")
    design = next(p for p in weak if "system design" in " ".join(p["evidence"]))
    assert design["statement"] == "Work on my system design answer: it stayed too high-level"
    shown = cli("lesson", "keep", str(message))
    assert "nothing is saved yet" in shown.out and f"lesson keep {message} --save" in shown.out

    # review: drop the praise, reword a point
    praise = strong[0]["number"]
    kept = cli("lesson", "keep", str(message), "--save", "--drop", str(praise), "--json").json()
    assert len(kept) == 2 and all(k["status"] == "open" for k in kept)
    other = next(p for p in weak if p is not design)
    edited = cli(
        "lesson",
        "keep",
        str(message),
        "--save",
        "--point",
        str(other["number"]),
        "--statement",
        "Bring a stakeholder story to every interview",
        "--theme",
        "communication",
        "--json",
    ).json()
    assert edited[0]["statement"] == "Bring a stakeholder story to every interview"
    assert edited[0]["theme"] == "communication"


def test_the_same_point_again_strengthens_the_lesson(cli: Run) -> None:
    cli("me", "Sam Okafor")
    first = _reply(cli, TWO_GAPS_AND_PRAISE, at="2026-11-13 16:00")
    cli("lesson", "keep", str(first), "--save")
    before = {lesson["id"] for lesson in cli("lesson", "list", "--json").json()}
    second = _reply(cli, AGAIN, company="Harbour Bank", at="2026-11-15 11:00")
    review = cli("lesson", "keep", str(second), "--json").json()["points"]
    assert review[0]["kept_before"] in before
    saved = cli("lesson", "keep", str(second), "--save")
    assert "strengthened" in saved.err and "raised by 2 interviewers, last on 15 Nov" in saved.err
    lessons = cli("lesson", "list", "--json").json()
    assert {lesson["id"] for lesson in lessons} == before  # no duplicate
    design = next(lesson for lesson in lessons if lesson["raised_by"] == 2)
    assert design["last_raised"].startswith("2026-11-15")
    again = cli("lesson", "keep", str(second), "--save", "--json").json()
    assert again[0]["raised_by"] == 2  # the same reply kept twice counts once
    assert "raised by 2 interviewers" in cli("lesson", "list").out


def test_strengths_are_kept_and_weaknesses_move(cli: Run) -> None:
    cli("me", "Sam Okafor")
    message = _reply(cli, TWO_GAPS_AND_PRAISE, at="2026-11-13 16:00")
    kept = cli("lesson", "keep", str(message), "--save", "--json").json()
    strength = next(k for k in kept if k["polarity"] == "strength")
    weakness = next(k for k in kept if k["polarity"] == "weakness")
    assert strength["status"] == "kept"
    refused = cli("lesson", "edit", str(strength["id"]), "--status", "open")
    assert refused.code != 0 and "a strength is kept as a strength" in refused.err
    for status in ("practising", "resolved"):
        assert cli("lesson", "edit", str(weakness["id"]), "--status", status).code == 0


def test_thanks_and_brief_use_what_they_actually_said(cli: Run) -> None:
    ids = seed(cli)
    thread = cli("reject", REJECTION, "--app", str(ids["app"]), "--at", "2026-11-13 16:00").id
    reply = cli("reply", str(thread), TWO_GAPS_AND_PRAISE, "--as", "actionable", "--json").json()
    thanks = cli("thank", str(thread), "--json").json()
    assert "my system design answer" in thanks["body"]
    assert "technical skills and how I would fit" not in thanks["body"]
    cli("lesson", "keep", str(reply["message_id"]), "--save")
    cli("lesson", "keep", str(reply["message_id"]), "--save")  # twice: still no duplicates
    nxt = cli(
        "interview",
        "add",
        str(ids["app"]),
        "--stage",
        "second round",
        "--when",
        "2026-11-20 10:00",
        "--point",
        "the late-data design I sketched since",
    ).id
    brief = cli("brief", str(nxt), "--json").json()
    assert brief["talking_points"] == ["the late-data design I sketched since"]
    assert "the late-data design I sketched since" not in brief["earlier_talking_points"]
    statements = [lesson["statement"] for lesson in brief["apply"]]
    assert len(statements) == len(set(statements)) == 2
    assert "What you plan to talk about" in cli("brief", str(nxt)).out
