"""How sure the judge is, in words a person can act on.

Every judgement carries a calibrated probability (``confidence``) that its kind
or category is right: over many judgements shown at 0.8, about eight in ten are
right. The app never shows that number alone; it says one of three things, and
below ``CHECK_BELOW`` it asks the user to confirm before anything is done with
the judgement (mail import leaves such a message in the inbox).
"""

from __future__ import annotations

from enum import StrEnum

SURE_FROM = 0.9
CHECK_BELOW = 0.7


class Certainty(StrEnum):
    SURE = "sure"
    LIKELY = "likely"
    UNSURE = "unsure"

    @property
    def words(self) -> str:
        return {
            Certainty.SURE: "sure",
            Certainty.LIKELY: "likely",
            Certainty.UNSURE: "not sure, please check",
        }[self]


def certainty(confidence: float) -> Certainty:
    """The word for a judgement's confidence (a probability from 0 to 1)."""
    if confidence >= SURE_FROM:
        return Certainty.SURE
    if confidence >= CHECK_BELOW:
        return Certainty.LIKELY
    return Certainty.UNSURE


def needs_check(confidence: float) -> bool:
    """Whether the user should confirm the judgement before it is acted on."""
    return confidence < CHECK_BELOW
