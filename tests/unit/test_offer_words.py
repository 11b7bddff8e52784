"""A rejection that uses the words of an offer is still a rejection, and the other way round.

"We would be pleased to offer you feedback", "we can't offer a permanent contract",
"the offer has been withdrawn": the words that mark an offer also appear in mail that
refuses one, and the other way round. The rules read what is offered; the shipped judge
does not let the word model turn a sure "not you" into an offer.
"""

from __future__ import annotations

import pytest

from nextround.analysis.emails import classify_kind, read_email
from nextround.analysis.engine import RULES_SURE_REJECTION
from nextround.analysis.judge import default_judge
from nextround.analysis.views import email_view
from nextround.domain.model import EmailKind

NOT_THE_JOB = {
    "feedback": "Sadly you have not been successful this time. We would be glad to offer you "
    "feedback on your interview if you would like some.",
    "a call": "We are pleased to offer you a short call to talk through the panel's notes, "
    "although we will not be taking your application further.",
    "a talent pool": "We won't be progressing you for the Buyer role. We'd like to offer you "
    "a place in our talent community so we can tell you about new roles.",
}

OFFERS = {
    "appointment": "The trustees have approved your appointment as Finance Officer, "
    "starting on 2 June, subject to references.",
    "appoint you": "After yesterday's panel we would like to appoint you to the post of "
    "Deputy Manager.",
    "yours": "I spoke to the owner and the job is yours if you still want it.",
    "a term not met": "We can't offer a permanent contract yet, but we are delighted to "
    "offer you the position on a twelve-month contract.",
}

TAKEN_BACK = {
    "rescinded": "I'm sorry to tell you that we have rescinded the offer we made last week.",
    "withdrawn": "The budget for the post has been cut, so the offer is withdrawn.",
}


@pytest.mark.parametrize("text", NOT_THE_JOB.values(), ids=list(NOT_THE_JOB))
def test_offering_feedback_a_call_or_a_pool_is_not_an_offer(text: str) -> None:
    assert classify_kind(read_email(text)).scores[EmailKind.OFFER] == 0


@pytest.mark.parametrize("text", OFFERS.values(), ids=list(OFFERS))
def test_offers_in_other_words_are_offers_to_the_rules(text: str) -> None:
    assert classify_kind(read_email(text)).kind is EmailKind.OFFER


@pytest.mark.parametrize("text", TAKEN_BACK.values(), ids=list(TAKEN_BACK))
def test_an_offer_taken_back_is_a_rejection_to_the_rules(text: str) -> None:
    assert classify_kind(read_email(text)).kind is EmailKind.REJECTION


def test_a_sure_rule_rejection_is_never_turned_into_an_offer() -> None:
    text = (
        "Dear Mr Lee, I regret to inform you that you have been unsuccessful. The panel "
        "would be pleased to offer you feedback by telephone; please contact me to arrange "
        "a time."
    )
    view = email_view(text)
    assert view.rules.kind is EmailKind.REJECTION
    assert view.rules.confidence >= RULES_SURE_REJECTION
    judged = default_judge().judge_email(text)
    assert judged.is_rejection
    assert judged.kind is EmailKind.REJECTION
