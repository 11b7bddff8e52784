"""The rule tables as data: every rule's examples, unique ids, a current compiled
copy, and the identity check that the rules still make every hit they made."""

from __future__ import annotations

import re

import pytest

from nextround.analysis import ruletable
from nextround.domain.errors import AnalysisError
from tests.unit.rule_hits import FIXTURE, hit_digest

TABLES = ruletable.parse()
RULES = TABLES.rules


def test_ids_are_unique_and_every_rule_has_both_kinds_of_example() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(r.id.startswith(r.table + ".") for r in RULES)
    assert [r.id for r in RULES if not r.match or not r.no_match] == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_matches_its_examples_and_not_its_near_misses(rule: ruletable.Rule) -> None:
    pattern = re.compile(rule.pattern)
    for example in rule.match:
        assert pattern.search(example.lower()), f"{rule.id} should match {example!r}"
    for example in rule.no_match:
        assert not pattern.search(example.lower()), f"{rule.id} should not match {example!r}"


def test_every_rule_says_what_it_signals() -> None:
    for rule in RULES:
        assert rule.signals
        if rule.table.startswith(("kind.", "subject.", "stage.", "reason.", "declined", "not_job")):
            assert rule.weight is not None and rule.weight > 0, rule.id


def test_the_compiled_copy_is_current_and_the_same_rules() -> None:
    assert ruletable.compiled_is_current(), "run `make rules` after editing rules/*.toml"
    loaded = ruletable.load()
    assert loaded.fragments == TABLES.fragments
    assert loaded.words == TABLES.words
    strip = [
        (r.id, r.table, r.signals, r.pattern, r.weight, r.unless_conditional, r.unless_negated)
        for r in RULES
    ]
    assert [
        (r.id, r.table, r.signals, r.pattern, r.weight, r.unless_conditional, r.unless_negated)
        for r in loaded.rules
    ] == strip


def test_an_unknown_fragment_is_named() -> None:
    with pytest.raises(AnalysisError, match=r"unknown fragment \{NOPE\}"):
        ruletable._expand("a {NOPE} b", {}, "rule x")


def test_a_damaged_rule_file_is_named_in_one_line() -> None:
    sources = [(ruletable.RULES_DIR / name).read_bytes() for name in ruletable.SOURCES]
    broken = [
        b"[[rule]]\nid = " if name == "emails.toml" else data
        for name, data in zip(ruletable.SOURCES, sources, strict=True)
    ]
    with pytest.raises(AnalysisError, match=r"^rules/emails.toml: not TOML"):
        ruletable.parse(broken)
    missing = [
        b'[[rule]]\nid = "x.y"\n' if name == "emails.toml" else data
        for name, data in zip(ruletable.SOURCES, sources, strict=True)
    ]
    with pytest.raises(AnalysisError, match=r"^rules: a rule or fragment is malformed"):
        ruletable.parse(missing)


def test_the_rules_make_the_same_hits_on_the_whole_corpus() -> None:
    """Every hit (label, weight, sentence, span) and judgement of the rules judge on
    the corpus, as recorded before the rules became data; rewrite the fixture only
    for a change meant to change judging (python tests/unit/rule_hits.py --write)."""
    assert hit_digest() == FIXTURE.read_text(encoding="utf-8").strip(), (
        "the rules hit the corpus differently: if a rule or the corpus was changed on "
        "purpose, retrain (make model), check make evaluate, then record the new hits "
        "with python tests/unit/rule_hits.py --write"
    )


def test_firing_counts_count_texts_per_rule() -> None:
    counts = ruletable.firing_counts(
        ["we have decided to move forward with other candidates."], ["your sql was weak."]
    )
    assert set(counts) == {r.id for r in RULES}
    assert counts["kind.rejection.decided-to-go-with-other"] == 1
    assert counts["kind.offer.delighted-to-offer-you"] == 0


def test_the_entity_word_lists_load_as_lower_case_words() -> None:
    from nextround.analysis import entities

    words = TABLES.words
    assert {"not_company", "generic_domains", "not_person", "closing_starts"} <= set(words)
    for name, items in words.items():
        assert items, name
        assert all(isinstance(w, str) and w == w.lower() for w in items), name
        assert len(set(items)) == len(items), name
    assert frozenset(words["generic_domains"]) == entities._GENERIC_DOMAINS
    assert words["company_join_words"] == entities._COMPANY_JOIN_WORDS
