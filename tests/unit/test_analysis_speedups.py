"""The speed-ups change no judgement: the prefilter skips only patterns that
cannot match, scanners find what ``finditer`` finds, and judging a batch gives
what judging one message at a time gives."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
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
from nextround.analysis.text import Document, split_sentences, split_subject
from nextround.domain import patterns
from nextround.domain.patterns import faster, folded


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


def _cue_expected(text: str) -> list[list[tuple[int, int]]]:
    return [[m.span() for m in item.pattern.finditer(text)] for item in CUES]


def _cue_found(group: Family, text: str) -> list[list[tuple[int, int]]]:
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
    assert superset(r"x(?i:s)") is None  # Python folds "ſ" to "s" here; RE2 would not
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
        assert _cue_found(group, text) == _cue_expected(text)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_scanners_match_finditer_on_generated_text(text: str) -> None:
    assert _cue_found(_family(), text) == _cue_expected(text)


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


# --- entities: each rule runs only where it can match --------------------------

_RULES = [
    *(rule for rule, _weight in entities._COMPANY_SEARCH),
    *entities._ROLE_SEARCH,
    entities._INTRO_RULE,
]
# all of them searched for together, as extract_entities does
_SEARCH = entities._Search(_RULES)
# every character but the surrogates
_EVERY_CHAR = "".join(map(chr, [*range(0xD800), *range(0xE000, 0x110000)]))


# for each rule, for each text, each match's span and groups
_Found = list[list[list[tuple[tuple[int, int], dict[str, str | None]]]]]


def _found(texts: list[str]) -> _Found:
    """For each rule, each text's matches as the rule finds them."""
    lines = entities._Lines(texts)
    out = []
    for rule, places in zip(_RULES, _SEARCH.places(lines), strict=True):
        out.append(
            [
                [(m.span(), m.groupdict()) for m in rule.matches(text, places[i])]
                if i in places
                else []
                for i, text in enumerate(texts)
            ]
        )
    return out


def _expected(texts: list[str]) -> _Found:
    """For each rule, each text's matches as plain ``finditer`` finds them."""
    return [
        [[(m.span(), m.groupdict()) for m in rule.pattern.finditer(text)] for text in texts]
        for rule in _RULES
    ]


def test_entity_rules_find_what_finditer_finds_on_the_corpus() -> None:
    corpus = load_corpus()
    matched = 0
    for item in [*corpus.emails, *corpus.replies]:
        for texts in (split_sentences(item["text"]), item["text"].splitlines() or [""]):
            expected = _expected(texts)
            assert _found(texts) == expected, texts
            matched += sum(len(m) for rule in expected for m in rule)
    assert matched > 1000


_ENTITY_WORDS = sorted(
    {
        *(word for rule in _RULES for word in rule.words),
        *re.findall(
            r"\S+",
            "the our a an this your position of as for to at with @ in Acme Corp Inc. Data "
            "Analyst member technical staff staffs Talent Acquisition HR my name is I'm am "
            "Jane Doe de la f\u00fcr 2024 req-123 (Remote) engineers partners",
        ),
    }
)
# each rule's openers with its anchors, or its needles with no anchor
_RULE_PARTS = [(rule.items, rule.anchors) for rule in _RULES]
_NAMES = ["Acme", "Acme Corp.", "Bain & Company", "ACME", "Mc-Kinsey", "3M", "Jane Doe", "x"]
_PHRASES = ["Data Analyst", "Senior Software Engineer", "Head of Data", "intern", "R&D Lead"]


def _spellings(text: str) -> st.SearchStrategy[str]:
    """``text`` in other cases, or with a letter that folding maps or a Kelvin sign."""
    return st.sampled_from(
        [
            *(text, text.upper(), text.title()),
            *(
                text.replace("i", "\u0131"),
                text.replace("i", "\u0130"),
                text.replace("s", "\u017f"),
            ),
            text.replace("k", "\u212a"),
        ]
    )


# what can sit right before a pattern's first word and so make or break a word boundary
_GLUE = st.sampled_from(["", "", " ", "x", "_", "2", "(", "\u00e9", "-", "'", "\n", "\u00a3"])
# a rule's own shape (an opener and its anchor, or a needle) amid a phrase and a name, so
# that most generated texts hold matches
_SHAPES = st.sampled_from(_RULE_PARTS).flatmap(
    lambda parts: st.tuples(
        _GLUE,
        st.sampled_from(["", "", "the ", "our ", "a ", "Acme", "Jane Doe", "Data Analyst"]),
        st.sampled_from(["", "", " ", *_PHRASES, *(f"{p} " for p in _PHRASES)]),
        st.sampled_from(parts[0]).flatmap(_spellings),
        st.sampled_from(parts[1] or [""]).flatmap(_spellings),
        st.sampled_from(["", "the ", "an ", "The ", " "]),
        st.sampled_from([*_NAMES, " acquisition", ", at Acme", ".", ""]),
    ).map("".join)
)
# words in any case, and characters a case-insensitive pattern or a word boundary
# may trip on: the letters folding maps, a Kelvin sign, letters and signs beyond ASCII
_ENTITY_TOKENS = st.one_of(
    _SHAPES,
    st.sampled_from(_ENTITY_WORDS).flatmap(_spellings),
    st.sampled_from(
        [
            *("@", "(", ")", ",", ".", "'", "-", "_", "&", "2", "x"),
            *("\u0130", "\u0131", "\u017f", "\u212a", "\u00e9", "\u00a3", "\u03a3"),
            *("\u0130n", "\u017fupport", "\u212aey", "caf\u00e9"),
        ]
    ),
)
_ENTITY_TEXT = st.lists(
    st.tuples(_ENTITY_TOKENS, st.sampled_from([" ", " ", " ", "", "  ", "\n"])), max_size=8
).map(lambda parts: "".join(token + gap for token, gap in parts).strip(" "))


@settings(max_examples=400, deadline=None)
@given(st.lists(_ENTITY_TEXT, min_size=1, max_size=4))
def test_entity_rules_find_what_finditer_finds_in_generated_text(texts: list[str]) -> None:
    assert _found(texts) == _expected(texts)


def _word_chars(text: str) -> str:
    """1 for each character of ``text`` that ``\\w`` matches, 0 for the others."""
    return re.sub(r"\W", "0", re.sub(r"\w", "1", text))


def test_folding_keeps_length_and_word_characters() -> None:
    # what the rules rely on to look for words and boundaries in the folded text
    lowered = folded(_EVERY_CHAR)
    assert len(lowered) == len(_EVERY_CHAR)
    word_chars = _word_chars(_EVERY_CHAR)
    assert "0" in word_chars
    assert "1" in word_chars
    assert _word_chars(lowered) == word_chars
    assert "".join("1" if entities._is_word_char(c) else "0" for c in _EVERY_CHAR) == word_chars
    # a letter that a case-insensitive pattern takes for a-z folds to it
    for letter in "abcdefghijklmnopqrstuvwxyz":
        assert {folded(c) for c in re.findall(f"(?i){letter}", _EVERY_CHAR)} == {letter}


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("aiskIS \u0130\u0131\u017f\u212a\u03a3\u00e9x."), max_size=20)
)
def test_folded_is_translate_then_lower(text: str) -> None:
    assert folded(text) == text.translate(patterns._FOLD).lower()


def _corpus_lines() -> list[str]:
    corpus = load_corpus()
    return [
        line
        for item in [*corpus.emails, *corpus.replies]
        for line in [*item["text"].splitlines(), *split_sentences(item["text"])]
    ]


def _check_entity_helpers(text: str) -> None:
    role_word = entities._ROLE_WORD
    assert entities._has_role_word(text) == bool(role_word.search(text)), text
    assert entities._is_role_word(text) == bool(role_word.fullmatch(text)), text
    assert entities._has_title_word(text) == bool(entities._TITLE_WORDS.search(text)), text
    for word in text.split():
        assert entities._is_role_word(word) == bool(role_word.fullmatch(word)), word
    closing, expected = entities._closing(text), entities._CLOSING.match(text)
    assert (closing and closing.groupdict()) == (expected and expected.groupdict()), text
    team, expected = entities._team_line(text), entities._TEAM_LINE.match(text)
    assert (team and team.span()) == (expected and expected.span()), text
    assert entities._signature_parts(text) == entities._SPLIT_SIGNATURE.split(text), text
    if entities._MAYBE_TRAILING_ID.search(text) is None:
        assert entities._TRAILING_ID.search(text) is None, text
    ascii_words = {w for w in re.findall(r"\w+", text) if w.isascii()}
    assert ascii_words <= set(entities._words_of(text)), text


def test_entity_helpers_agree_with_their_patterns_on_the_corpus() -> None:
    for line in _corpus_lines():
        _check_entity_helpers(line)


_HELPER_TEXT = st.lists(
    st.one_of(
        _ENTITY_TOKENS,
        st.sampled_from(
            [
                *("Best", "regards", "Kind", "Thanks", "thank you", "Cheers", "With", "warm"),
                *("The", "Team", "family", "crew", "at", "|", "/", "\u2013", " - ", "#", "(12)"),
                *("2024", "Engineer", "engineers", "Member of Technical Staff", "sre", "\t"),
                *("Recruiter", "recruiting", "Engineering", "Human Resources", "CEO", "VP"),
                "\u00a0",
            ]
        ),
    ),
    max_size=10,
).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(_HELPER_TEXT)
def test_entity_helpers_agree_with_their_patterns_on_generated_text(text: str) -> None:
    _check_entity_helpers(text)


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


def test_threads_judging_while_the_prefilter_is_built_all_get_the_same_answer() -> None:
    prefilter = Prefilter()
    for item in CUES:
        prefilter.add(item.pattern.pattern)
    text = "unfortunately we have decided not to move forward; your sql joins were weak"
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: prefilter.candidates(text), range(32)))
    assert answers[0] and all(a == answers[0] for a in answers)
    prefilter.add("sql joins")  # a pattern added later: the filter is built again
    assert prefilter.candidates(text)[-1] == len(CUES)
