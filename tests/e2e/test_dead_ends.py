"""Every path through the loop leads somewhere: the former dead ends, walked from the CLI.

Replies are logged with ``--as`` so these paths do not depend on how the judge
reads a particular sentence; the judge has its own tests.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Run
from tests.e2e.test_loop import ACTIONABLE, GENERIC, REJECTION, seed

SCREENING = (
    "Dear Sam,\n\nThank you for your application for the Data Engineer position at Quarry "
    "Labs. After reviewing your CV we will not be taking your application further.\n\n"
    "Kind regards,\nRecruitment Team"
)
DECLINED = "Thanks for asking. I'm afraid company policy is not to give individual feedback."


def _asked(cli: Run, *, channel: str = "email") -> tuple[dict[str, int], int]:
    ids = seed(cli)
    thread = cli("reject", REJECTION, "--app", str(ids["app"]), "--at", "2026-11-13 16:00").id
    sent = cli("ask", str(thread), "--channel", channel, "--sent", "--at", "2026-11-16 09:00")
    assert sent.code == 0, sent.err
    return ids, thread


def _pitched(cli: Run) -> tuple[dict[str, int], int]:
    ids, thread = _asked(cli)
    assert cli("reply", str(thread), ACTIONABLE, "--as", "actionable").code == 0
    pitched = cli(
        "pitch", str(thread), "--evidence", "I have since run backfills at work", "--sent"
    )
    assert pitched.code == 0, pitched.err
    return ids, thread


def _later(monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    monkeypatch.setenv("NEXTROUND_NOW", when)


# -- a screening rejection, no interview -----------------------------------------------


def test_screening_rejection_gets_a_short_request_without_a_memory_trigger(cli: Run) -> None:
    cli("me", "Sam Okafor")
    app = cli("app", "add", "Quarry Labs", "Data Engineer").id
    thread = cli("reject", SCREENING, "--app", str(app)).id
    (todo,) = cli("next", "--json").json()
    assert todo["kind"] == "ask" and todo["optional"] is True
    assert "stronger" in todo["summary"] and "not worth asking" in todo["summary"]
    shown = cli("next")
    assert "screening rejection" in shown.out and f"nextround close {thread}" in shown.out

    drafted = cli("ask", str(thread), "--channel", "email", "--json").json()
    assert drafted["step"] == "screening" and drafted["lint"]["ok"] is True
    assert "stronger" in drafted["body"] and "Sam Okafor" in drafted["body"]
    assert "day to day" not in drafted["body"] and "talked about" not in drafted["body"]
    for channel in ("call", "linkedin", "voicemail"):
        other = cli("ask", str(thread), "--channel", channel, "--json").json()
        assert other["lint"]["ok"] is True, (channel, other["lint"])

    assert cli("ask", str(thread), "--channel", "email", "--sent").code == 0
    assert cli("thread", str(thread), "--json").json()["state"] == "asked"


def test_screening_rejection_can_be_closed_as_not_worth_asking(cli: Run) -> None:
    cli("me", "Sam Okafor")
    app = cli("app", "add", "Quarry Labs", "Data Engineer").id
    thread = cli("reject", SCREENING, "--app", str(app)).id
    closed = cli("close", str(thread))
    assert closed.code == 0 and "you chose not to ask" in closed.out
    assert cli("next", "--json").json() == []
    refused = cli("ask", str(thread))
    assert refused.code != 0 and "is closed (you chose not to ask" in refused.err
    steps = cli("thread", str(thread), "--json").json()["transitions"]
    assert [(s["event"], s["to"]) for s in steps] == [("not_asking", "closed")]
    assert steps[0]["at"].startswith("2026-11-16T10:00")


# -- after a pitch ------------------------------------------------------------------------


def test_after_a_pitch_their_answer_can_be_logged_they_reconsidered(cli: Run) -> None:
    ids, thread = _pitched(cli)
    assert cli("thread", str(thread), "--json").json()["state"] == "pitched"
    wrong = cli("reply", str(thread), "Let's talk next week.")
    assert wrong.code != 0 and f"nextround answer {thread}" in wrong.err

    answered = cli("answer", str(thread), "reconsidered", "Could you come in for a chat?")
    assert answered.code == 0, answered.err
    assert f"nextround interview add {ids['app']}" in answered.out
    assert cli("app", "show", str(ids["app"]), "--json").json()["status"] == "interviewing"
    shown = cli("thread", str(thread), "--json").json()
    assert shown["state"] == "reconsidered"
    assert shown["messages"][-1]["kind"] == "pitch_answer"
    refused = cli("thank", str(thread))
    assert refused.code != 0 and "reconsidered" in refused.err and "closed" in refused.err


def test_after_a_pitch_not_now_leads_to_thanks_and_keeps_the_lesson(cli: Run) -> None:
    _, thread = _pitched(cli)
    reply_id = next(
        m["id"]
        for m in cli("thread", str(thread), "--json").json()["messages"]
        if m["kind"] == "reply"
    )
    assert cli("lesson", "keep", str(reply_id), "--save").code == 0
    answered = cli("answer", str(thread), "not-now", "We'll keep your details on file.")
    assert answered.code == 0 and f"nextround thank {thread}" in answered.out
    (todo,) = cli("next", "--json").json()
    assert todo["kind"] == "decide" and "not now" in todo["summary"]
    assert cli("thank", str(thread), "--sent").code == 0
    assert cli("thread", str(thread), "--json").json()["state"] == "thanked"
    assert cli("next", "--json").json() == []
    assert cli("lesson", "list", "--json").json()


def test_after_a_pitch_no_answer_gets_one_follow_up_then_closes(
    cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, thread = _pitched(cli)
    assert cli("next", "--json").json() == []  # nothing due yet: they have time to answer
    _later(monkeypatch, "2026-11-24T10:00:00")
    (todo,) = cli("next", "--json").json()
    assert todo["kind"] == "follow_up" and "pitch" in todo["summary"]
    nudge = cli("follow-up", str(thread), "--json").json()
    assert "feedback on my" not in nudge["body"] and nudge["lint"]["ok"] is True
    assert cli("follow-up", str(thread), "--sent").code == 0
    again = cli("follow-up", str(thread))
    assert again.code != 0 and "one follow-up" in again.err
    _later(monkeypatch, "2026-12-02T10:00:00")
    (todo,) = cli("next", "--json").json()
    assert todo["kind"] == "close"
    closed = cli("close", str(thread))
    assert closed.code == 0 and "unanswered" in closed.out
    assert cli("thread", str(thread), "--json").json()["state"] == "no_response"


# -- declined, then closed ------------------------------------------------------------------


def test_a_refusal_closes_once_and_the_closed_thread_refuses_more(cli: Run) -> None:
    _, thread = _asked(cli)
    declined = cli("reply", str(thread), DECLINED, "--as", "declined")
    assert declined.code == 0 and f"nextround close {thread} --sent" in declined.out
    (todo,) = cli("next", "--json").json()
    assert todo["kind"] == "gracious_close" and todo["optional"] is True
    assert cli("close", str(thread), "--sent").code == 0
    assert cli("thread", str(thread), "--json").json()["state"] == "closed"
    assert cli("next", "--json").json() == []
    second = cli("close", str(thread), "--sent")
    assert second.code != 0
    assert "is closed (they give no feedback and you closed it" in second.err
    assert "Traceback" not in second.err and "_" not in second.err.split("(")[1]
    messages = cli("thread", str(thread), "--json").json()["messages"]
    assert [m["kind"] for m in messages].count("close") == 1


def test_a_refusal_can_be_closed_without_a_note(cli: Run) -> None:
    _, thread = _asked(cli)
    cli("reply", str(thread), DECLINED, "--as", "declined")
    closed = cli("close", str(thread), "--without-note")
    assert closed.code == 0 and "closed it" in closed.out


# -- due times --------------------------------------------------------------------------------


def test_a_fresh_vague_answer_is_due_soon_not_overdue(
    cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, thread = _asked(cli)
    cli("reply", str(thread), GENERIC, "--as", "generic")
    (probe,) = cli("next", "--json").json()
    assert probe["kind"] == "probe" and probe["overdue"] is False
    assert probe["urgency"] == "soon" and probe["due"].startswith("2026-11-18T10:00")
    assert "soon: by" in cli("next").out
    _later(monkeypatch, "2026-11-18T08:00:00")
    assert cli("next", "--json").json()[0]["urgency"] == "due"
    _later(monkeypatch, "2026-11-19T08:00:00")
    assert cli("next", "--json").json()[0]["urgency"] == "overdue"
    assert "overdue since" in cli("next").out


# -- the small ones ------------------------------------------------------------------------------


def test_after_two_probes_reply_suggests_thanks_not_another_probe(cli: Run) -> None:
    _, thread = _asked(cli)
    for _ in range(2):
        cli("reply", str(thread), GENERIC, "--as", "generic")
        assert cli("probe", str(thread), "--sent").code == 0
    last = cli("reply", str(thread), GENERIC, "--as", "generic")
    assert "probe --sent" not in last.out and f"nextround thank {thread} --sent" in last.out
    data = cli("thread", str(thread), "--json").json()
    assert data["probes_sent"] == 2


def test_a_follow_up_after_a_phone_request_does_not_speak_of_a_note(cli: Run) -> None:
    _, thread = _asked(cli, channel="call")
    for channel in ("email", "linkedin", "call", "voicemail"):
        body = cli("follow-up", str(thread), "--channel", channel, "--json").json()["body"]
        assert "note" not in body.lower(), (channel, body)
        assert "call" in body.lower() or "spoke" in body.lower(), (channel, body)


def test_a_reply_on_a_thread_never_asked_says_so(cli: Run) -> None:
    ids = seed(cli)
    thread = cli("reject", REJECTION, "--app", str(ids["app"])).id
    logged = cli("reply", str(thread), "Thanks for your call. It was a strong field.")
    assert logged.code == 0, logged.err
    assert "had not recorded asking" in logged.out
    steps = cli("thread", str(thread), "--json").json()["transitions"]
    assert steps[0]["event"] == "request_sent" and "not recorded as asked" in steps[0]["note"]
