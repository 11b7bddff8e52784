"""Drafts we would send unread, asked for from the command line."""

from __future__ import annotations

from tests.e2e.conftest import Run
from tests.e2e.test_loop import REJECTION, seed


def test_me_keeps_phone_and_email_and_spoken_drafts_give_the_number(cli: Run) -> None:
    ids = seed(cli)
    saved = cli("me", "Sam Okafor", "--phone", "+44 7700 900123", "--email", "sam@example.org")
    assert saved.code == 0 and "phone: +44 7700 900123" in saved.out
    assert cli("me", "--json").json() == {
        "name": "Sam Okafor",
        "phone": "+44 7700 900123",
        "email": "sam@example.org",
    }
    bad = cli("me", "--phone", "call me maybe")
    assert bad.code != 0 and "does not look like a phone number" in bad.err
    thread = cli("reject", REJECTION, "--app", str(ids["app"])).id
    for channel in ("voicemail", "call"):
        spoken = cli("ask", str(thread), "--channel", channel, "--json").json()
        assert "+44 7700 900123" in spoken["body"] and "email" in spoken["body"]
        assert spoken["lint"]["ok"] is True, spoken["lint"]
    email = cli("ask", str(thread), "--channel", "email", "--json").json()
    assert email["body"].endswith("Sam Okafor\n+44 7700 900123")


def test_a_request_without_a_talking_point_asks_for_one(cli: Run) -> None:
    cli("me", "Sam Okafor")
    app = cli("app", "add", "Quarry Labs", "Data Engineer").id
    cli("interview", "add", str(app), "--stage", "onsite", "--when", "2026-11-10 14:00")
    thread = cli("reject", REJECTION, "--app", str(app)).id
    shown = cli("ask", str(thread), "--channel", "email")
    assert "[something specific we talked about]" in shown.out
    assert "unfilled_slot" in shown.out and "fill in the [bracketed] part" in shown.out
