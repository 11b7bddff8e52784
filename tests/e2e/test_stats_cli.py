"""`nextround stats` through the real CLI: the contract `stats --json` keeps."""

from __future__ import annotations

from tests.e2e.conftest import Run
from tests.e2e.test_loop import ACTIONABLE, REJECTION


def _rejected_and_asked(cli: Run, company: str, channel: str, *, tone: str = "warm") -> int:
    cli("me", "Ana Lima")
    app = cli("app", "add", company, "Data Analyst").id
    cli("interview", "add", str(app), "--stage", "final", "--when", "2026-11-09 14:00")
    thread = cli("reject", REJECTION, "--app", str(app), "--at", "2026-11-13 16:00").id
    sent = cli("ask", str(thread), "--channel", channel, "--tone", tone, "--sent")
    assert sent.code == 0, sent.err
    return thread


def test_stats_json_has_the_funnel_and_per_channel_answers(cli: Run) -> None:
    answered = _rejected_and_asked(cli, "Tidewater Energy", "call")
    assert cli("reply", str(answered), ACTIONABLE).code == 0
    _rejected_and_asked(cli, "Northwind", "email", tone="formal")
    cli("app", "add", "Contoso", "Engineer")
    result = cli("stats", "--json")
    assert result.code == 0, result.err
    data = result.json()
    funnel = data["funnel"]
    assert funnel["applications"] == 3 and funnel["interviews"] == 2
    assert funnel["rejected_after_interview"] == 2
    assert (funnel["feedback_asked"], funnel["answered"], funnel["concrete"]) == (2, 1, 1)
    channels = {g["key"]: g for g in data["answers"]["by_channel"]}
    assert set(channels) == {"call", "email", "linkedin", "voicemail"}
    assert (channels["call"]["asked"], channels["call"]["answered"]) == (1, 1)
    assert (channels["email"]["asked"], channels["email"]["answered"]) == (1, 0)
    assert channels["call"]["rate"] is None
    assert channels["call"]["words"] == "1 of 1, too few to compare"
    tones = {g["key"]: g["asked"] for g in data["answers"]["by_tone"]}
    assert tones["warm"] == 1 and tones["formal"] == 1
    assert data["readings"]["by_channel"].startswith("Calls got an answer 1 time in 1")


def test_stats_since_and_the_table(cli: Run) -> None:
    _rejected_and_asked(cli, "Tidewater Energy", "call")
    table = cli("stats")
    assert table.code == 0 and "feedback asked\t1" in table.out
    assert "too few to compare" in table.out
    later = cli("stats", "--since", "2026-12-01", "--json").json()
    assert later["since"] == "2026-12-01" and later["funnel"]["feedback_asked"] == 0
    bad = cli("stats", "--since", "last tuesday")
    assert bad.code == 2 and bad.err.count("\n") == 1 and "--since" in bad.err
