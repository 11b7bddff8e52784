"""A lesson's statement is the interviewer's point in the user's own voice, read plainly."""

from __future__ import annotations

import pytest

from nextround.domain.lessons import said_statement, what_they_named
from nextround.domain.model import Polarity


@pytest.mark.parametrize(
    ("sentence", "polarity", "statement"),
    [
        (
            "Your product knowledge was strong though.",
            Polarity.STRENGTH,
            "Lean on my product knowledge: it was strong",
        ),
        (
            "Your stakeholder examples were excellent too.",
            Polarity.STRENGTH,
            "Lean on my stakeholder examples: they were excellent",
        ),
        (
            "However, your system design answer stayed too high-level.",
            Polarity.WEAKNESS,
            "Work on my system design answer: it stayed too high-level",
        ),
        (
            "You lacked experience with vendor negotiations.",
            Polarity.WEAKNESS,
            "Build up and show experience with vendor negotiations",
        ),
    ],
)
def test_said_statement_reads_plainly(sentence: str, polarity: Polarity, statement: str) -> None:
    assert said_statement(sentence, polarity) == statement


@pytest.mark.parametrize(
    ("said", "named"),
    [
        # what the panel felt, told in the third person before "your"
        (
            "The panel felt your answer on escalating a deteriorating patient lacked structure"
            " - we'd expect you to talk us through NEWS2 and SBAR step by step.",
            "my answer on escalating a deteriorating patient",
        ),
        # "lacked ..." ends where the clause does, not 70 characters on
        (
            "You lacked depth in mentoring students, which is a big part of band 6.",
            "my depth in mentoring students",
        ),
        (
            "You lacked depth in mentoring students - a big part of a band 6 post.",
            "my depth in mentoring students",
        ),
        # "you" that does something is "I"; "you" something is done to is "me"
        (
            "We thought you lacked examples of how you handled conflict.",
            "my examples of how I handled conflict",
        ),
        (
            "You lacked a plan for what we asked you to cover.",
            "my plan for what we asked me to cover",
        ),
    ],
)
def test_what_they_named_in_the_users_voice(said: str, named: str) -> None:
    assert what_they_named([said]) == named
