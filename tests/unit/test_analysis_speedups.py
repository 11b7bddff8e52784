"""The speed-ups change no judgement: the prefilter skips only patterns that
cannot match, scanners find what ``finditer`` finds, and judging a batch gives
what judging one message at a time gives."""

from __future__ import annotations

import json
import re
from functools import cache

import pytest
import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from nextround.analysis import analyze_lines, default_judge, entities, lexicon
from nextround.analysis import replies as reply_rules
from nextround.analysis.corpus import load_corpus
from nextround.analysis.cues import Cue, Family, family
from nextround.analysis.engine import ModelJudge
from nextround.analysis.prefilter import Prefilter, superset
from nextround.analysis.scan import scanner, top_level_phrases
from nextround.analysis.text import Document, split_subject
from nextround.domain.patterns import faster


def _all_cues() -> list[Cue]:
    found: dict[str, Cue] = {}
    for module in (lexicon, reply_rules):
        for value in vars(module).values():
            groups = value.values() if isinstance(value, dict) else [value]
            for group in groups:
                if isinstance(group, tuple) and group and isinstance(group[0], Cue):
                    found.update((c.pattern.pattern, c) for c in group)
    return list(found.values())


CUES = _all_cues()


@cache
def _family() -> Family:
    return family(tuple(CUES))


@cache
def _prefilter() -> Prefilter:
    """Every cue pattern, numbered as in CUES."""
    prefilter = Prefilter()
    for item in CUES:
        prefilter.add(item.pattern.pattern)
    return prefilter


def _expected(text: str) -> list[list[tuple[int, int]]]:
    return [[m.span() for m in item.pattern.finditer(text)] for item in CUES]


def _found(group: Family, text: str) -> list[list[tuple[int, int]]]:
    """Every cue's spans the way ``find`` gets them: prefilter, then the scanner."""
    live = group.live(Document.from_sentences([text]))
    out = []
    for item in CUES:
        number = group.number(scanner(item.pattern.pattern))
        scan = group.scanners[number]
        out.append(scan.run(text, live[number]) if number in live else [])
    return out


def test_nearly_every_cue_pattern_has_an_re2_superset() -> None:
    translated = [c for c in CUES if superset(c.pattern.pattern) is not None]
    assert len(CUES) > 200
    assert len(translated) / len(CUES) > 0.95


def test_the_prefilter_never_skips_a_match_on_the_corpus() -> None:
    prefilter = _prefilter()
    candidates = 0
    for text in _texts():
        found = set(prefilter.candidates(text))
        candidates += len(found)
        for number, item in enumerate(CUES):
            if item.pattern.search(text):
                assert number in found, (item.pattern.pattern, text[:80])
    assert candidates < len(_texts()) * len(CUES) * 0.1  # and it rules out most of the work


_PHRASES = ["been unsuccessful", "other candidates", "sql", "api", "opt", "ci/cd", "c++"]
_MORE = ["unfortunately", "not a fit", "sql joins", "mentoring", "if you are not selected"]
# lower-cased text as the cue patterns see it: phrases they look for among noise,
# with letters outside ASCII (Python's \w and \b know them, RE2's do not)
_TEXTS = st.lists(
    st.one_of(
        st.sampled_from([*_PHRASES, *_MORE]),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz '-/+.,\n0123456789éıß _", max_size=12),
    ),
    max_size=14,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_the_prefilter_is_sound_on_generated_text(text: str) -> None:
    found = set(_prefilter().candidates(text))
    for number, item in enumerate(CUES):
        if item.pattern.search(text):
            assert number in found, item.pattern.pattern


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"(?<!not )\bselected\b", "selected"),  # a look-behind is dropped
        (r"\w+ing\b", "élan naïveing"),  # Python's \w takes é and ï
        (r"caf\w\b", "café"),
        (r"\d+ ?%", "٣ %"),  # an Arabic-Indic digit is a \d to Python
        (r"[^\w ]+x", "—x"),
        (r"a(?:b|c){2,}d", "abcbd"),
        (r"(?:[\w-]+ ){0,4}?fit", "not a good fit"),
    ],
)
def test_supersets_match_what_python_matches(pattern: str, text: str) -> None:
    assert re.search(pattern, text)
    translated = superset(pattern)
    assert translated is not None
    assert re2.search(translated, text)


def test_a_pattern_without_a_superset_always_runs() -> None:
    assert superset(r"(a)\1") is None  # a back-reference
    prefilter = Prefilter()
    prefilter.add("sponsorship")
    prefilter.add(r"(a)\1")
    assert prefilter.candidates("nothing here") == [1]
    assert prefilter.candidates("visa sponsorship") == [0, 1]


def test_a_lone_surrogate_does_not_stop_the_prefilter() -> None:
    prefilter = Prefilter()
    prefilter.add("unsuccessful")
    assert prefilter.candidates("you were unsuccessful \udc80") == [0]


def test_batch_judgements_equal_one_at_a_time_on_the_corpus() -> None:
    judge = default_judge()
    assert isinstance(judge, ModelJudge)
    emails = [split_subject(e["text"]) for e in load_corpus().emails]
    together = judge.judge_emails([(body, subject, "") for subject, body in emails])
    alone = [judge.judge_email(body, subject=subject) for subject, body in emails]
    assert together == alone


def test_analyze_lines_batches_give_the_same_output_as_single_lines() -> None:
    texts = [e["text"] for e in load_corpus().emails[:300]]
    lines = [json.dumps({"id": i, "text": t}) for i, t in enumerate(texts)]
    lines.insert(7, "{not json")
    batched = list(analyze_lines("emails", lines, batch=64))
    single = list(analyze_lines("emails", lines, batch=1))
    assert batched == single
    assert batched[7] == ({"line": 8, "error": batched[7][0]["error"]}, False)
    assert [out["id"] for out, ok in batched if ok] == list(range(300))


def _texts() -> list[str]:
    corpus = load_corpus()
    return [e["text"].lower() for e in corpus.emails] + [r["text"].lower() for r in corpus.replies]


def test_scanners_find_exactly_what_finditer_finds_on_the_corpus() -> None:
    split = [c for c in CUES if scanner(c.pattern.pattern).phrases]
    assert len(split) > 50  # most long alternations are scanned phrase by phrase
    group = _family()
    for text in _texts():
        assert _found(group, text) == _expected(text)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_scanners_match_finditer_on_generated_text(text: str) -> None:
    assert _found(_family(), text) == _expected(text)


@pytest.mark.parametrize(
    ("pattern", "phrases"),
    [
        ("a|b(?:c|d)|[|]e|f\\|g", ["a", "b(?:c|d)", "[|]e", "f\\|g"]),
        ("[]|]x|y", ["[]|]x", "y"]),
        ("[^]|]x|(y|z)", ["[^]|]x", "(y|z)"]),
        ("plain", ["plain"]),
    ],
)
def test_top_level_phrases(pattern: str, phrases: list[str]) -> None:
    assert top_level_phrases(pattern) == phrases


def test_overlapping_phrases_merge_like_one_alternation() -> None:
    # "ab" wins at 0 over the later "abc"; "bcd" would start inside it, so the
    # next match is "d" -- exactly finditer's answer for the whole pattern
    pattern = "ab|abc|bcd|d"
    text = "abcd abc bcd"
    expected = [m.span() for m in re.finditer(pattern, text)]
    assert scanner(pattern).run(text, [0, 1, 2, 3]) == expected
    assert scanner(pattern).run(text, [0, 3]) == [(0, 2), (3, 4), (5, 7), (11, 12)]


def test_faster_moves_a_leading_boundary_behind_the_letter() -> None:
    assert faster(r"\bsql\b|x|\bapis?\b") == r"s(?<=\bs)ql\b|x|\bapis?\b".replace(
        r"\bapis", r"a(?<=\ba)pis"
    )
    assert faster(r"\bs?x") == r"\bs?x"  # a quantified letter is left alone


_ENTITY_WORDS = re.findall(
    r"\S+",
    "the our a position of as for to at with @ in Role Engineer Manager Acme Corp Talent HR "
    "people join us work here everyone behalf part thank you from Applied applying interest "
    "Data Analyst Internship programme posting AT WITH Of \u0130n \u017fupport Work \u212a",
)
_ENTITY_SEARCHES = [(p, n) for p, _w, n in entities._COMPANY_SEARCH] + list(entities._ROLE_SEARCH)


def _lines() -> list[str]:
    corpus = load_corpus()
    return [
        line
        for item in [*corpus.emails, *corpus.replies]
        for line in item["text"].splitlines()
        if line.strip()
    ]


def test_entity_needles_are_in_every_match_on_the_corpus() -> None:
    lines = _lines()
    matched = 0
    for pattern, needle in _ENTITY_SEARCHES:
        for line in lines:
            if pattern.search(line):
                matched += 1
                assert entities._mentions(entities._needles_in(line), needle), (
                    pattern.pattern,
                    line,
                )
    assert matched > 500


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(_ENTITY_WORDS),
        max_size=14,
    )
)
def test_entity_needles_are_in_every_match_of_generated_text(words: list[str]) -> None:
    line = " ".join(words)
    for pattern, needle in _ENTITY_SEARCHES:
        if pattern.search(line):
            assert entities._mentions(entities._needles_in(line), needle), (pattern.pattern, line)


def test_two_processes_give_the_same_output_in_the_same_order() -> None:
    texts = [e["text"] for e in load_corpus().emails[:700]]
    lines = [json.dumps({"id": i, "text": t}) for i, t in enumerate(texts)]
    lines.insert(300, '{"id": 5}')
    lines.insert(650, "")
    alone = list(analyze_lines("emails", lines, batch=100))
    together = list(analyze_lines("emails", lines, batch=100, workers=2))
    assert together == alone
    assert together[300] == ({"line": 301, "error": 'missing "text"'}, False)


def test_replies_in_two_processes_match_one() -> None:
    texts = [r["text"] for r in load_corpus().replies[:300]]
    lines = [json.dumps({"id": i, "text": t}) for i, t in enumerate(texts)]
    assert list(analyze_lines("replies", lines, batch=64, workers=2)) == list(
        analyze_lines("replies", lines, batch=64)
    )
