"""A judgement's confidence in words, and when the user is asked to check it."""

from __future__ import annotations

import pytest

from nextround.domain.certainty import CHECK_BELOW, Certainty, certainty, needs_check
from nextround.domain.mailbox import UNSURE_BELOW


@pytest.mark.parametrize(
    ("confidence", "word"),
    [
        (0.99, "sure"),
        (0.9, "sure"),
        (0.89, "likely"),
        (0.7, "likely"),
        (0.69, "not sure, please check"),
    ],
)
def test_confidence_in_words(confidence: float, word: str) -> None:
    assert certainty(confidence).words == word


def test_unsure_judgements_ask_for_a_check_and_wait_in_the_inbox() -> None:
    assert needs_check(0.55) and not needs_check(0.75)
    assert certainty(0.55) is Certainty.UNSURE
    # mail import uses the same line: below it a message waits for the user
    assert UNSURE_BELOW == CHECK_BELOW == 0.7
