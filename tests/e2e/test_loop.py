"""The whole feedback loop from the command line, as a user walks it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import Run

REJECTION = (
    "Hi Sam,\n\nThank you for taking the time to interview with us for the Data Engineer "
    "role. After careful consideration we have decided to move forward with another "
    "candidate.\n\nBest wishes,\nLena Fischer\nPeople Team, Quarry Labs"
)
GENERIC = "Thanks for asking. It was close, but another candidate had more relevant experience."
ACTIONABLE = (
    "Sure. Your system design answer stayed too high-level: you never discussed how the "
    "pipeline would handle late-arriving data or backfills. Your communication was great."
)


def seed(cli: Run) -> dict[str, int]:
    assert cli("me", "Sam Okafor").code == 0
    app = cli("app", "add", "Quarry Labs", "Data Engineer").id
    lena = cli("contact", "add", "Lena Fischer", "--company", "Quarry Labs").id
    interview = cli(
        "interview",
        "add",
        str(app),
        "--stage",
        "onsite",
        "--when",
        "2026-11-10 14:00",
        "--with",
        str(lena),
        "--point",
        "the streaming ingestion rewrite",
        "--rate",
        "technical_skills=5",
        "--rate",
        "communication=3",
    ).id
    return {"app": app, "lena": lena, "interview": interview}


def test_full_loop(cli: Run) -> None:
    ids = seed(cli)
    rejected = cli("reject", REJECTION, "--app", str(ids["app"]), "--at", "2026-11-13 16:00")
    assert rejected.code == 0, rejected.err
    thread = rejected.id
    shown = cli("app", "show", str(ids["app"]), "--json").json()
    assert shown["status"] == "rejected" and shown["thread"]["state"] == "to_ask"

    todo = cli("next", "--json").json()
    assert [a["kind"] for a in todo] == ["ask"]
    assert todo[0]["due"].startswith("2026-11-17")  # two business days after a Friday

    draft = cli("ask", str(thread), "--channel", "email", "--json").json()
    assert draft["subject"] and "Lena" in draft["body"] and "Sam Okafor" in draft["body"]
    assert "streaming ingestion" in draft["body"]
    assert draft["lint"]["ok"] is True
    assert cli("ask", str(thread), "--channel", "email", "--sent").code == 0

    generic = cli("reply", str(thread), GENERIC, "--json").json()
    assert generic["state"] == "generic"
    assert generic["judgement"]["category"] == "generic"
    assert [d["step"] for d in generic["next_drafts"]] == ["probe"]
    assert cli("probe", str(thread), "--sent").code == 0

    actionable = cli("reply", str(thread), ACTIONABLE, "--json").json()
    assert actionable["state"] == "actionable"
    assert "technical_skills" in actionable["judgement"]["themes"]
    kept = cli("lesson", "keep", str(actionable["message_id"]), "--save", "--json").json()
    assert kept and kept[0]["evidence"]

    assert cli("thank", str(thread), "--sent").code == 0
    timeline = cli("thread", str(thread), "--json").json()
    assert [t["event"] for t in timeline["transitions"]] == [
        "request_sent",
        "generic_reply",
        "probe_sent",
        "actionable_reply",
        "thanked",
    ]
    assert timeline["state"] == "thanked"

    profile = cli("profile", "--json").json()
    assert "technical_skills" in profile["blind_spots"]  # rated 5, raised as a weakness

    upcoming = cli("app", "add", "Fjord Analytics", "Data Engineer").id
    nxt = cli(
        "interview", "add", str(upcoming), "--stage", "screen", "--when", "2026-11-18 10:00"
    ).id
    brief = cli("brief", str(nxt), "--json").json()
    assert brief["apply"] and brief["apply"][0]["theme"] in profile["blind_spots"] + [
        "technical_skills"
    ]
    assert any(a["kind"] == "brief" for a in cli("next", "--json").json())


def test_declined_reply_offers_a_gracious_close(cli: Run) -> None:
    ids = seed(cli)
    thread = cli("reject", REJECTION, "--app", str(ids["app"])).id
    cli("ask", str(thread), "--channel", "call", "--sent")
    out = cli(
        "reply", str(thread), "Sorry, our policy is not to give feedback to candidates.", "--json"
    ).json()
    assert out["state"] == "declined"
    assert [d["step"] for d in out["next_drafts"]] == ["close"]
    assert cli("close", str(thread), "--sent").code == 0


def test_no_response_after_one_follow_up(cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = seed(cli)
    thread = cli("reject", REJECTION, "--app", str(ids["app"]), "--at", "2026-11-10 17:00").id
    cli("ask", str(thread), "--sent", "--at", "2026-11-11 09:00")
    monkeypatch.setenv("NEXTROUND_NOW", "2026-11-19T10:00:00")
    todo = cli("next", "--json").json()
    assert [a["kind"] for a in todo] == ["follow_up"]
    assert cli("follow-up", str(thread), "--sent").code == 0
    second = cli("follow-up", str(thread))
    assert second.code != 0 and "follow-up" in second.err
    early = cli("close", str(thread))
    assert early.code == 0  # the user may close early; nothing forces waiting
    assert cli("thread", str(thread), "--json").json()["state"] == "no_response"


def test_recording_the_interview_later_gives_the_request_its_talking_point(cli: Run) -> None:
    cli("me", "Sam Okafor")
    app = cli("app", "add", "Quarry Labs", "Data Engineer").id
    thread = cli("reject", REJECTION, "--app", str(app)).id
    before = cli("ask", str(thread), "--json").json()
    assert before["step"] == "screening" and before["lint"]["ok"] is True
    cli(
        "interview",
        "add",
        str(app),
        "--stage",
        "onsite",
        "--when",
        "2026-11-10 14:00",
        "--point",
        "the streaming ingestion rewrite",
    )
    assert [a["kind"] for a in cli("next", "--json").json()] == ["ask"]
    after = cli("ask", str(thread), "--json").json()
    assert after["step"] == "request" and "streaming ingestion" in after["body"]


def test_invalid_transition_is_refused_and_changes_nothing(cli: Run) -> None:
    ids = seed(cli)
    thread = cli("reject", REJECTION, "--app", str(ids["app"])).id
    result = cli("probe", str(thread))
    assert result.code == 4
    assert result.err.startswith("error: ") and "Traceback" not in result.err
    assert cli("thread", str(thread), "--json").json()["transitions"] == []


def test_rejection_from_an_eml_file(cli: Run, tmp_path: Path) -> None:
    ids = seed(cli)
    eml = tmp_path / "rejection.eml"
    eml.write_text(
        "From: Lena Fischer <lena@quarrylabs.example>\nTo: sam@example.org\n"
        "Subject: Your application\nDate: Fri, 13 Nov 2026 16:00:00 +0000\n"
        "Message-ID: <abc@quarrylabs.example>\nContent-Type: text/plain; charset=utf-8\n\n"
        + REJECTION,
        encoding="utf-8",
    )
    out = cli("reject", "--eml", str(eml), "--json")
    assert out.code == 0, out.err
    data = out.json()
    assert data["application_id"] == ids["app"]  # matched by company name
    assert data["judgement"]["is_rejection"] is True


def test_duplicate_rejection_is_refused(cli: Run) -> None:
    ids = seed(cli)
    assert cli("reject", REJECTION, "--app", str(ids["app"])).code == 0
    again = cli("reject", REJECTION, "--app", str(ids["app"]))
    assert again.code != 0 and "already has feedback thread" in again.err
    assert len(cli("threads", "--json").json()) == 1


def test_a_reply_without_a_recorded_interview_is_kept_without_drafts(cli: Run) -> None:
    cli("me", "Sam Okafor")
    app = cli("app", "add", "Quarry Labs", "Data Engineer").id
    thread = cli("reject", REJECTION, "--app", str(app)).id
    out = cli("reply", str(thread), GENERIC, "--json")
    assert out.code == 0, out.err
    data = out.json()
    assert data["state"] == "generic" and data["implied_request"] is True
    assert [d["step"] for d in data["next_drafts"]] == ["probe"]


def test_people_met_by_name_become_contacts_once(cli: Run) -> None:
    """`--with` takes a name as well as a contact id: a new name is added as a contact at
    the application's company, the same name again is the same person, and a bad id
    changes nothing."""
    app = cli("app", "add", "St Mary's Hospital", "Staff Nurse").id
    first = cli(
        "interview", "add", str(app), "--stage", "panel", "--when", "2026-11-30 10:00",
        "--with", "Ruth Okoye", "--point", "the cath lab recovery pathway",
    )  # fmt: skip
    assert first.code == 0, first.err
    contacts = cli("contact", "list", "--json").json()
    assert [(c["name"], c["company"]) for c in contacts] == [("Ruth Okoye", "St Mary's Hospital")]
    second = cli(
        "interview", "add", str(app), "--stage", "second", "--when", "2026-12-02 10:00",
        "--with", "ruth  okoye", "--with", str(contacts[0]["id"]),
    )  # fmt: skip
    assert second.code == 0, second.err
    assert len(cli("contact", "list", "--json").json()) == 1
    refused = cli(
        "interview", "add", str(app), "--stage", "third", "--when", "2026-12-04 10:00",
        "--with", "Dr Ade Bello", "--with", "99",
    )  # fmt: skip
    assert refused.code != 0 and "no contact with id 99" in refused.err
    assert "Traceback" not in refused.err
    assert len(cli("contact", "list", "--json").json()) == 1  # the new name was not kept
