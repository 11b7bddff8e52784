"""An offer is never read as a rejection: a held-out set of tricky positives.

``corpus/holdout/positives.jsonl`` holds offers and invitations written by the
team in the ways that are easy to misread (no "unfortunately", cautious wording,
a turned-down counter-offer that leaves the offer standing, a shortlist phrased
like a refusal). The training never reads ``corpus/holdout/`` (only
``corpus/emails`` and ``corpus/replies``), so this is a test of the shipped
judge on text it never saw.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nextround.analysis.corpus import corpus_root, load_corpus
from nextround.analysis.judge import default_judge
from nextround.analysis.text import split_subject

HOLDOUT = corpus_root() / "holdout" / "positives.jsonl"


def _items() -> list[dict[str, Any]]:
    return [json.loads(x) for x in HOLDOUT.read_text(encoding="utf-8").splitlines() if x.strip()]


def test_the_holdout_is_never_trained_on() -> None:
    corpus = load_corpus()
    trained = {e["text"] for e in corpus.emails}
    assert not trained & {i["text"] for i in _items()}
    # the loader reads only these two folders
    assert {p.parent.name for p in Path(corpus_root()).glob("*/*.jsonl")} == {
        "emails",
        "replies",
        "holdout",
    }


def test_the_holdout_has_offers_and_invites() -> None:
    kinds = [i["kind"] for i in _items()]
    assert kinds.count("offer") >= 30 and kinds.count("invite") >= 15


@pytest.mark.parametrize("item", _items(), ids=lambda i: str(i["id"]))
def test_no_offer_or_invite_is_judged_a_rejection(item: dict[str, Any]) -> None:
    subject, body = split_subject(item["text"])
    judgement = default_judge().judge_email(body, subject=subject)
    assert not judgement.is_rejection, f"{item['id']} ({item['kind']}) judged a rejection"
