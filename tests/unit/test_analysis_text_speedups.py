"""The faster text cleanup and splitting give what the plain code they replaced gave.

The ``_reference`` functions below are that code, kept as it was, and each test
compares the two on the corpus and on generated text.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from nextround.analysis import text
from nextround.analysis.corpus import load_corpus


def _clean_text_reference(raw: str) -> str:
    bounded = raw[: text.MAX_JUDGED_CHARS].replace("\r\n", "\n")
    normal = unicodedata.normalize("NFKC", bounded).translate(text._TRANSLATE)
    normal = text._CONTROL.sub("", normal)
    lines = (re.sub(r"[^\S\n]+", " ", line).strip() for line in normal.split("\n"))
    return "\n".join(lines).strip()


def _strip_quoted_reference(body: str) -> str:
    kept: list[str] = []
    for line in body.split("\n"):
        if line.startswith(">"):
            continue
        if text._QUOTE_HEADER.match(line) or text._WROTE_TAIL.match(line):
            if any(k.strip() for k in kept):
                break
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def _split_block_reference(block: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in text._BOUNDARY.finditer(block):
        head = block[max(start, match.start() - text._WORD_WINDOW) : match.start() + 1]
        word = text._WORD_BEFORE.search(head)
        token = word.group(1).lower().rstrip(".") if word else ""
        if token in text._ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            following = block[match.end() :].split(" ", 1)[0].lower()
            if token not in text._COMPANY_SUFFIXES or following not in text._SENTENCE_STARTERS:
                continue
        if not text._NEXT_STARTS_SENTENCE.match(block, match.end()):
            continue
        sentences.append(block[start : match.end()].strip())
        start = match.end()
    sentences.append(block[start:].strip())
    return [s for s in sentences if s]


def _split_sentences_reference(cleaned: str) -> list[str]:
    return [
        piece
        for block in text._blocks(cleaned)
        for sentence in _split_block_reference(block)
        for piece in text._chunk(sentence)
    ]


def _english_share_reference(sample: str) -> float:
    words = re.findall(r"[^\W\d_]+", sample[:4000].lower())
    if len(words) < 8:
        return 1.0
    return sum(1 for w in words if w in text._ENGLISH_WORDS) / len(words)


def _check(raw: str) -> None:
    cleaned = text.clean_text(raw)
    assert cleaned == _clean_text_reference(raw), raw
    assert text.strip_quoted(raw) == _strip_quoted_reference(raw), raw
    assert text.strip_quoted(cleaned) == _strip_quoted_reference(cleaned), cleaned
    assert text.split_sentences(cleaned) == _split_sentences_reference(cleaned), cleaned
    assert text.english_share(raw) == _english_share_reference(raw), raw
    assert text.english_share(cleaned) == _english_share_reference(cleaned), cleaned


def test_text_steps_equal_the_plain_code_on_the_corpus() -> None:
    corpus = load_corpus()
    for item in [*corpus.emails, *corpus.replies]:
        _check(item["text"])


# pieces of mail, and the characters each step treats apart: spaces and line breaks
# of every kind, control characters, typographic quotes and dashes, NFKC forms,
# letters beyond ASCII (and letters folding maps), signs beyond ASCII
_PIECES = st.sampled_from(
    [
        *("We", "regret", "to", "inform", "you", "Thanks", "Acme Inc.", "e.g.", "Mr.", "U.S."),
        *("Dr. Smith", "No. 5", "a.m.", "Sincerely,", "Best", "Jane", "It's", "(see below)."),
        *(".", "!", "?", "...", "?!", '."', ".)", "'", ",", ":", ";", "-", "1.", "a)", "*", "2024"),
        *(">", "> quoted", "On Mon, Jane <j@x.com> wrote:", "wrote:", "WROTE:", "on", "On"),
        *("-----Original Message-----", "-- Forwarded message --", "Begin forwarded message:"),
        *("beg\u0130n forwarded message", "From: Jane", "from: x", "__________", "--", "_"),
        *("This email is confidential", "Confidentiality notice", "Disclaimer:"),
        *(" ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\x0b", "\x0c", "\x00", "\x07", "\x1c"),
        *("\x7f", "\u00a0", "\u2028", "\u2029", "\u3000", "\u200b", "\ufeff", "\u00ad", "\x85"),
        *("\u2019", "\u201c", "\u201d", "\u2014", "\u2013", "\u2026", "\u2022", "\ufb01"),
        *("\uff37rote", "\u00bd", "\u00b2", "caf\u00e9", "\u00e9", "\u00a3", "\u20ac", "\u0130"),
        *("\u0131", "\u017f", "\u212a", "\u03a3", "na\u00efve", "\u2460", "\U0001f4cc"),
    ]
)
_TEXT = st.lists(st.tuples(_PIECES, st.sampled_from([" ", "", "\n", " "])), max_size=30).map(
    lambda parts: "".join(piece + gap for piece, gap in parts)
)


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_text_steps_equal_the_plain_code_on_generated_text(raw: str) -> None:
    _check(raw)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_text_steps_equal_the_plain_code_on_any_text(raw: str) -> None:
    _check(raw)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60).map(str.lower))
def test_words_are_the_letter_runs(lowered: str) -> None:
    assert text._words(lowered) == re.findall(r"[^\W\d_]+", lowered)
