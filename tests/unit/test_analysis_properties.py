"""Property tests: arbitrary text never crashes the judge, and outputs are always valid."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from nextround.analysis import RuleJudge, analyze_lines
from nextround.domain.errors import InvalidInput
from nextround.domain.model import EmailKind, ReplyCategory, Vagueness
from nextround.domain.themes import Theme

JUDGE = RuleJudge()

# words that make the rules fire, mixed with anything hypothesis comes up with
CUE_WORDS = st.sampled_from(
    [
        "unfortunately",
        "not",
        "move forward",
        "other candidates",
        "interview",
        "offer",
        "if you are not selected",
        "position has been filled",
        "visa",
        "system design",
        "feedback",
        "policy",
        "Subject: ",
        "\n> ",
        "On Monday Jo wrote:\n",
        "Best,\nJane Doe\n",
        ". ",
        "\n\n",
        "Acme Corp",
        "Data Analyst",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(CUE_WORDS, st.text(max_size=20)), max_size=40).map("".join),
)


def _check_email(text: str, subject: str) -> None:
    try:
        judgement = JUDGE.judge_email(text, subject=subject)
    except InvalidInput as err:
        assert "is empty" in str(err)
        return
    assert isinstance(judgement.kind, EmailKind)
    assert judgement.is_rejection == (judgement.kind is EmailKind.REJECTION)
    if not judgement.is_rejection:
        assert judgement.after_interview is None
        assert not judgement.gives_reason
    assert judgement.gives_reason == (judgement.reason is not None)
    assert 0.0 <= judgement.confidence <= 1.0
    for value in (judgement.reason, judgement.company, judgement.role, judgement.person):
        assert value is None or (isinstance(value, str) and value.strip())


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, subject=st.one_of(st.just(""), st.text(max_size=60)))
def test_any_email_text_gives_a_valid_judgement_or_invalid_input(text: str, subject: str) -> None:
    _check_email(text, subject)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_any_reply_text_gives_a_valid_judgement_or_invalid_input(text: str) -> None:
    try:
        judgement = JUDGE.judge_reply(text)
    except InvalidInput as err:
        assert "is empty" in str(err)
        return
    assert isinstance(judgement.category, ReplyCategory)
    assert all(isinstance(t, Theme) for t in judgement.themes)
    assert len(set(judgement.themes)) == len(judgement.themes)
    assert all(isinstance(e, str) and e.strip() for e in judgement.evidence)
    assert 0.0 <= judgement.confidence <= 1.0
    if judgement.category is ReplyCategory.GENERIC:
        assert isinstance(judgement.vagueness, Vagueness)
        assert judgement.probe
        assert len(judgement.themes) <= 1
    else:
        assert judgement.vagueness is None
        assert judgement.probe is None
    if judgement.category is ReplyCategory.DECLINED:
        assert judgement.themes == ()


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(
        st.one_of(
            st.text(max_size=80),
            st.builds(lambda i, t: json.dumps({"id": i, "text": t}), st.integers(), TEXTS),
            st.builds(lambda v: json.dumps({"id": "x", "text": v}), st.none() | st.integers()),
        ),
        max_size=8,
    ),
    task=st.sampled_from(["emails", "replies"]),
)
def test_batch_never_raises_and_every_output_is_well_formed(lines: list[str], task: str) -> None:
    for output, ok in analyze_lines(task, lines):  # type: ignore[arg-type]
        json.dumps(output)
        if ok:
            assert output["id"] is not None
        else:
            assert list(output) == ["line", "error"]
            assert isinstance(output["line"], int)
            assert output["line"] >= 1


@settings(max_examples=100, deadline=None)
@given(prefix=st.text(max_size=200))
def test_a_conditional_never_makes_a_confirmation_a_rejection(prefix: str) -> None:
    text = (
        "Thank you for applying. We have received your application and will review it. "
        "If you are not selected, we will keep your CV on file."
    )
    judgement = JUDGE.judge_email(text, subject="")
    assert judgement.kind is EmailKind.CONFIRMATION
    _check_email(prefix + "\n\n" + text, "")
