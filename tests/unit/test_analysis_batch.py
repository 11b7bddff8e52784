"""The batch contract: JSON lines in, objects out in order, malformed lines in their place."""

from __future__ import annotations

import json

import pytest

from nextround.analysis import Judge, RuleJudge, analyze_lines, default_judge
from nextround.domain.errors import AnalysisError
from nextround.domain.model import EmailJudgement, ReplyJudgement

EMAIL_KEYS = [
    "id",
    "kind",
    "is_rejection",
    "after_interview",
    "gives_reason",
    "reason",
    "company",
    "role",
    "person",
    "confidence",
]
REPLY_KEYS = [
    "id",
    "category",
    "actionable",
    "themes",
    "evidence",
    "points",
    "probe",
    "confidence",
]


def line(**record: object) -> str:
    return json.dumps(record)


def test_emails_in_order_with_keys_in_contract_order() -> None:
    lines = [
        line(id="a", text="Subject: Your application to Globex\nWe have decided not to proceed."),
        line(id=2, text="We'd like to invite you to an interview next week.", source="x"),
    ]
    results = list(analyze_lines("emails", lines))
    assert [ok for _, ok in results] == [True, True]
    first, second = (out for out, _ in results)
    assert list(first) == EMAIL_KEYS
    assert first["id"] == "a"
    assert first["kind"] == "rejection"
    assert first["company"] == "Globex"
    assert second["id"] == 2
    assert second["kind"] == "invite"
    assert second["after_interview"] is None
    json.dumps(first)


def test_replies_with_keys_in_contract_order() -> None:
    lines = [
        line(id="r1", text="You didn't have enough experience for this role."),
        line(id="r2", text="Your system design answer lacked depth on scaling."),
        line(id="r3", text="Company policy means we cannot provide feedback."),
    ]
    outs = [out for out, ok in analyze_lines("replies", lines) if ok]
    assert [list(o) for o in outs] == [REPLY_KEYS] * 3
    generic, actionable, declined = outs
    assert generic["category"] == "generic"
    assert generic["themes"] == ["domain_experience"]
    assert isinstance(generic["probe"], str)
    assert actionable["actionable"] is True
    assert actionable["themes"] == ["technical_skills"]
    assert actionable["probe"] is None
    assert declined["category"] == "declined"
    assert declined["themes"] == []
    assert all(0.0 < o["confidence"] <= 1.0 for o in outs)  # type: ignore[operator]
    # a point per feedback sentence of an actionable reply, with its own themes
    assert actionable["points"] and all(p["text"] for p in actionable["points"])  # type: ignore[union-attr,index]
    assert generic["points"] == [] and declined["points"] == []
    json.dumps(outs)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('"text"', "expected a JSON object"),
        (line(text="hello"), '"id"'),
        (line(id="", text="hello"), '"id"'),
        (line(id=None, text="hello"), '"id"'),
        (line(id=True, text="hello"), '"id"'),
        (line(id="x"), 'missing "text"'),
        (line(id="x", text=42), '"text" must be a string'),
        (line(id="x", text=["a"]), '"text" must be a string'),
        (line(id="x", text="   "), "is empty"),
        (line(id="x", text="> only quoted"), "is empty"),
    ],
)
def test_malformed_lines_yield_errors_in_place(bad: str, message: str) -> None:
    lines = [line(id="ok1", text="Thanks for applying."), bad, line(id="ok2", text="Hi there.")]
    results = list(analyze_lines("replies", lines))
    assert [ok for _, ok in results] == [True, False, True]
    error = results[1][0]
    assert list(error) == ["line", "error"]
    assert error["line"] == 2
    assert message in str(error["error"])


def test_blank_lines_are_skipped_but_counted() -> None:
    lines = ["", "   \n", "{bad", line(id="z", text="Hello")]
    results = list(analyze_lines("emails", lines))
    assert len(results) == 2
    assert results[0] == ({"line": 3, "error": results[0][0]["error"]}, False)
    assert results[1][0]["id"] == "z"


def test_unknown_task_is_refused() -> None:
    with pytest.raises(ValueError, match="task"):
        list(analyze_lines("letters", []))  # type: ignore[arg-type]


class _BrokenJudge(RuleJudge):
    """A judge whose model cannot be used, as a trained judge might fail."""

    name = "broken"

    def judge_reply(self, text: str) -> ReplyJudgement:
        raise AnalysisError("model file does not load")


class _RecordingJudge(RuleJudge):
    name = "recording"

    def __init__(self) -> None:
        self.subjects: list[str] = []

    def judge_email(self, text: str, *, subject: str = "", sender: str = "") -> EmailJudgement:
        self.subjects.append(subject)
        return super().judge_email(text, subject=subject, sender=sender)


def test_a_given_judge_is_used_and_its_errors_become_error_lines() -> None:
    results = list(analyze_lines("replies", [line(id=1, text="hi")], judge=_BrokenJudge()))
    assert results == [({"line": 1, "error": "model file does not load"}, False)]


def test_batch_splits_the_subject_line_for_the_judge() -> None:
    judge = _RecordingJudge()
    list(analyze_lines("emails", [line(id=1, text="Subject: Hello there\nBody")], judge=judge))
    assert judge.subjects == ["Hello there"]


def test_default_judge_is_the_cached_shipped_model() -> None:
    judge = default_judge()
    assert judge is default_judge()
    assert isinstance(judge, Judge)
    assert judge.name == "model:shipped"
    assert isinstance(RuleJudge(), Judge) and RuleJudge().name == "rules"
