"""Text cleanup, quoted history, signatures, sentences and the judged-prefix bound."""

from __future__ import annotations

import re

from nextround.analysis.cues import find
from nextround.analysis.lexicon import KIND_CUES
from nextround.analysis.text import (
    MAX_JUDGED_CHARS,
    Document,
    clean_text,
    english_share,
    looks_english,
    split_sentences,
    split_subject,
    strip_quoted,
    strip_signature,
)


def test_clean_text_normalises_quotes_dashes_spaces_and_bounds_length() -> None:
    text = "We\u2019ve  decided\u00a0\u2014 sadly\r\n\u201cnot\u201d\tto proceed\u200b."
    assert clean_text(text) == 'We\'ve decided - sadly\n"not" to proceed.'
    assert len(clean_text("x" * (MAX_JUDGED_CHARS * 3))) == MAX_JUDGED_CHARS


def test_clean_text_drops_control_characters() -> None:
    assert clean_text("a\x00b\x07c") == "abc"


def test_split_subject_only_takes_a_leading_subject_line() -> None:
    assert split_subject("Subject: Your application\n\nHello") == ("Your application", "\nHello")
    assert split_subject("subject:Update\nBody") == ("Update", "Body")
    assert split_subject("Hello\nSubject: not a header") == ("", "Hello\nSubject: not a header")


def test_strip_quoted_removes_reply_history() -> None:
    text = (
        "Thanks, that helps.\n\nOn Tue, 4 Mar 2025 at 10:02, Alex <a@example.com> wrote:\n"
        "> my earlier question\n> more"
    )
    assert strip_quoted(text) == "Thanks, that helps."
    assert strip_quoted("Answer\n> quoted line\nmore answer") == "Answer\nmore answer"


def test_strip_quoted_keeps_a_forwarded_message_body() -> None:
    text = "---------- Forwarded message ---------\nFrom: Acme <jobs@acme.com>\nWe regret..."
    assert "We regret" in strip_quoted(text)


def test_strip_signature_removes_sign_off_block_and_mobile_footer() -> None:
    text = "Your SQL needed work.\n\nBest regards,\nJane Doe\nRecruiter | Acme"
    assert strip_signature(text) == "Your SQL needed work."
    assert strip_signature("Short answer.\n\nSent from my iPhone") == "Short answer."
    assert strip_signature("Body.\n-- \nJane\n555 0100") == "Body."


def test_sentences_handle_abbreviations_initials_and_wrapped_lines() -> None:
    text = (
        "Dear Dr. Smith,\n\nWe met Mr. J. Doe at Acme Inc. on Monday. It went well!\n"
        "The team felt that your answers to the design questions were thoughtful and\n"
        "well structured.\n\nBest,\nKim"
    )
    assert split_sentences(text) == [
        "Dear Dr. Smith,",
        "We met Mr. J. Doe at Acme Inc. on Monday.",
        "It went well!",
        "The team felt that your answers to the design questions were thoughtful and well "
        "structured.",
        "Best,",
        "Kim",
    ]


def test_very_long_run_ons_are_chunked() -> None:
    sentences = split_sentences("word " * 2000)
    assert all(len(s) <= 600 for s in sentences)
    assert len(sentences) > 1


def test_document_maps_positions_back_to_sentences() -> None:
    doc = Document.from_sentences(["First one.", "Second ONE here."])
    assert doc.lowered == "first one.\nsecond one here."
    position = doc.lowered.index("here")
    assert doc.sentence_index(position) == 1
    assert doc.lowered_sentence(1) == "second one here."


def test_cue_patterns_never_span_two_sentences() -> None:
    doc = Document.from_sentences(["We will not", "be moving forward with other candidates."])
    for cue_set in KIND_CUES.values():
        for hit in find(doc, cue_set):
            assert "\n" not in doc.lowered[hit.start : hit.end]
    for cue_set in KIND_CUES.values():
        for item in cue_set:
            assert not re.search(r"(?<!\\)\\s", item.pattern.pattern), item.pattern.pattern


def test_english_share_separates_languages() -> None:
    english = "Thank you for your interest in the role. We have decided to move forward."
    german = "Vielen Dank für Ihre Bewerbung. Leider müssen wir Ihnen mitteilen, dass wir uns"
    german += " für andere Kandidaten entschieden haben und wünschen Ihnen alles Gute."
    assert looks_english(english)
    assert not looks_english(german)
    assert english_share("Hi!") == 1.0
