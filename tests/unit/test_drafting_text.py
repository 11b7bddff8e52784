"""The text helpers that let drafts shrink without losing what the linter looks for."""

from __future__ import annotations

from datetime import date

import pytest

from nextround.domain.model import Channel
from nextround.drafting.limits import overflow
from nextround.drafting.text import (
    clip_tail,
    clip_words,
    day_and_month,
    embed,
    first_name,
    sentence,
    short_company,
    short_role,
    significant_words,
    words_needed,
)
from nextround.drafting.variants import pick


def test_significant_words_fold_accents_and_word_forms() -> None:
    assert significant_words("The migration of the billing services to Kafka") == [
        "migrat",
        "bill",
        "servic",
        "kafka",
    ]
    assert significant_words("migrated, migrating") == ["migrat", "migrat"]
    assert significant_words("Zoë's CAFÉ") == ["zoe", "cafe"]


@pytest.mark.parametrize(("count", "needed"), [(0, 1), (1, 1), (2, 1), (3, 2), (4, 2), (10, 3)])
def test_words_needed(count: int, needed: int) -> None:
    assert words_needed(count) == needed


KAFKA = "the migration of the billing service to Kafka"
LED = "led the programme across three regions"


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        (KAFKA, None, KAFKA),
        (KAFKA, 40, "the migration of the billing service"),
        (f"{LED}, reporting to the CTO", 45, LED),
        ("blameless incident reviews, weekly", 30, "blameless incident reviews"),
        ("supercalifragilistic expialidocious words", 10, "supercalifragilistic"),
    ],
)
def test_clip_words_cuts_where_a_phrase_ends(text: str, limit: int | None, expected: str) -> None:
    assert clip_words(text, limit) == expected


def test_clip_words_keeps_enough_significant_words() -> None:
    clipped = clip_words("the migration of the billing service to Kafka", 12, min_significant=2)
    assert len(set(significant_words(clipped))) >= 2


def test_clip_tail_keeps_the_head_noun_of_a_title() -> None:
    assert clip_tail("Principal Staff Software Engineer", 24) == "Staff Software Engineer"
    assert clip_tail("Engineer", 3) == "Engineer"


def test_names_companies_and_roles_as_people_say_them() -> None:
    assert first_name("Dr. Dana Ray") == "Dana"
    assert first_name("Zoë Ñúñez") == "Zoë"
    assert first_name("") == ""
    assert short_company("Acme Widgets Ltd.") == "Acme Widgets"
    assert short_company("Ørsted A/S") == "Ørsted A/S"
    assert short_company("Initech, Inc.") == "Initech"
    assert short_role("Data Engineer (Platform), EMEA") == "Data Engineer"
    assert short_role("Designer - Growth") == "Designer"


def test_phrases_sit_mid_sentence() -> None:
    assert embed("The migration. ") == "the migration"
    assert embed("Kafka rollout") == "Kafka rollout"
    assert sentence("i've since shipped it") == "I've since shipped it."
    assert sentence("  ") == ""


def test_dates_do_not_depend_on_the_locale() -> None:
    assert day_and_month(date(2026, 3, 4)) == "4 March"


def test_pick_is_stable_and_spreads() -> None:
    options = ("a", "b", "c")
    assert pick(options, "Acme", "Engineer") == pick(options, "Acme", "Engineer")
    assert len({pick(options, f"Company {n}") for n in range(30)}) == 3
    with pytest.raises(ValueError, match="at least one"):
        pick((), "x")


def test_overflow_explains_in_numbers() -> None:
    assert overflow(Channel.LINKEDIN, "x" * 300) is None
    assert overflow(Channel.LINKEDIN, "x" * 310) == (
        "a LinkedIn message must fit in 300 characters; this one has 310 (cut 10)"
    )
    assert overflow(Channel.VOICEMAIL, "w " * 81) == (
        "a voicemail should stay within 80 words; this one has 81"
    )
