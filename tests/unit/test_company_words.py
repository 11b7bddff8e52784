"""One list of the words that say nothing about which company a name is."""

from __future__ import annotations

import pytest

from nextround.domain import invites
from nextround.domain.companies import LEGAL_WORDS
from nextround.drafting import text
from nextround.mail import linking


def test_the_three_readers_of_a_company_name_share_one_list() -> None:
    assert linking.LEGAL_WORDS is invites.LEGAL_WORDS is text.LEGAL_WORDS is LEGAL_WORDS


@pytest.mark.parametrize("word", sorted(LEGAL_WORDS))
def test_every_word_is_dropped_by_each_of_them(word: str) -> None:
    written = word.upper() + "."
    assert text.short_company(f"Acme Widgets {written}") == "Acme Widgets"
    assert linking.same_company(f"Acme Widgets {written}", "acme widgets")
    if "." not in word:  # the invitation reader splits "s.a" into two words
        assert invites.company_words(f"Acme Widgets {written}") == ("acme", "widgets")


@pytest.mark.parametrize(
    "name", ["Acme Holdings", "The Acme Group", "Acme and Co", "Acme GmbH", "Acme Pty Ltd"]
)
def test_the_words_the_old_lists_disagreed_on(name: str) -> None:
    assert linking.same_company(name, "Acme")
    assert text.short_company(name.removeprefix("The ")) == "Acme"
    assert invites.company_words(name.removeprefix("The ")) == ("acme",)


def test_a_name_made_only_of_such_words_is_kept_whole() -> None:
    assert text.short_company("Limited") == "Limited"
    assert invites.company_words("Group") == ("group",)
