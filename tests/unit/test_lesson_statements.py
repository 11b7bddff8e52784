"""A lesson's statement is the interviewer's point in the user's own voice, read plainly."""

from __future__ import annotations

import pytest

from nextround.domain.lessons import said_statement
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
