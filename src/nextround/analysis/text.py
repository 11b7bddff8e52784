"""Text cleanup and sentence splitting shared by the email and reply rules.

Everything here is deliberately forgiving: mail arrives hard-wrapped, flattened
onto one line, quoted, signed and disclaimed, and sometimes enormous. Judging
works on a bounded prefix (``MAX_JUDGED_CHARS``) so a 10 MB paste costs the
same as a long email.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from nextround.domain.errors import InvalidInput
from nextround.domain.patterns import folded

MAX_JUDGED_CHARS = 20_000
"""Only this many characters of a text are judged; cues live near the top."""


def word_set(text: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string (easier to read and edit)."""
    return frozenset(text.split())


_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2022": "-",
        "\u00b7": "-",
        "\u2026": "...",
        "\t": " ",
        "\r": "\n",
        "\u2028": "\n",
        "\u2029": "\n",
        "\x0b": "\n",
        "\x0c": "\n",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\u00ad": None,
    }
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# the characters _TRANSLATE changes and the control characters, each with what it
# becomes (control characters: nothing)
_REPLACEMENTS = {chr(code): new or "" for code, new in _TRANSLATE.items()} | {
    char: "" for char in map(chr, range(0x80)) if _CONTROL.match(char)
}
_REPLACED = re.compile(f"[{re.escape(''.join(_REPLACEMENTS))}]")
# runs of spaces other than a single " ": longer ones, or another space character
_SPACES_TO_MERGE = re.compile(r"[^\S\n]{2,}|[^\S \n]")
_DOUBLE_SPACES = re.compile(r"  +")


def _translate(text: str) -> str:
    """``_CONTROL.sub("", text.translate(_TRANSLATE))``, replacing only the characters
    present.

    Most texts hold none or a few kinds of them, and ``translate`` looks every
    character up in a dictionary. Replacing one kind after another gives the
    same text, because no replacement holds a character that is replaced.
    """
    for char in set(_REPLACED.findall(text)):
        text = text.replace(char, _REPLACEMENTS[char])
    return text


def clean_text(text: str) -> str:
    """A bounded, normalised copy of ``text``: straight quotes, plain dashes, ``\\n`` lines.

    Every run of spaces within a line becomes one space and lines lose their
    outer spaces, done on the whole text at once rather than line by line.
    """
    bounded = text[:MAX_JUDGED_CHARS].replace("\r\n", "\n")
    if not bounded.isascii():  # NFKC leaves ASCII as it is
        bounded = unicodedata.normalize("NFKC", bounded)
    normal = _translate(bounded)
    if not normal.isascii():
        normal = _SPACES_TO_MERGE.sub(" ", normal)
    elif "  " in normal:  # in ASCII, " " and "\n" are the only spaces left
        normal = _DOUBLE_SPACES.sub(" ", normal)
    # now a line's outer spaces are single " " next to a "\n" or at either end
    return normal.replace(" \n", "\n").replace("\n ", "\n").strip()


def require_text(text: str, *, what: str) -> str:
    """``text`` cleaned, or InvalidInput when nothing but whitespace is left."""
    if not isinstance(text, str):
        raise InvalidInput(f"{what} must be a string, not {type(text).__name__}")
    cleaned = clean_text(text)
    if not cleaned:
        raise InvalidInput(f"{what} is empty")
    return cleaned


# --- subject lines ------------------------------------------------------------

_SUBJECT_LINE = re.compile(r"\A\s*subject\s*:[^\S\n]*(?P<subject>[^\n]*)(?:\n|\Z)", re.IGNORECASE)


def split_subject(text: str) -> tuple[str, str]:
    """``(subject, body)`` from a text that may open with a ``Subject: ...`` line."""
    match = _SUBJECT_LINE.match(text)
    if not match:
        return "", text
    return match.group("subject").strip(), text[match.end() :]


# --- quoted history, signatures, disclaimers --------------------------------------

_QUOTE_HEADER = re.compile(
    r"^(?:"
    r"on\b.{0,200}\bwrote:?"  # On Mon, 3 Jun 2024, Jane <j@x.com> wrote:
    r"|-{2,}\s*original message\s*-{2,}"
    r"|-{2,}\s*forwarded message\s*-{2,}"
    r"|begin forwarded message:?"
    r"|from: .+"  # Outlook's quoted header block
    r"|_{10,}"
    r")\s*$",
    re.IGNORECASE,
)
_WROTE_TAIL = re.compile(r"^.{0,200}\bwrote:\s*$", re.IGNORECASE)
_SIGNATURE_START = re.compile(
    r"^(?:--|-- |__+|sent from my \w+.*|sent from (?:outlook|mail|yahoo|gmail).*"
    r"|get outlook for \w+.*)$",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^(?:(?:with )?(?:best|kind|warm|warmest|many|all the best|kindest)?\s*"
    r"(?:regards|wishes|thanks|best)|best|cheers|sincerely|yours(?: sincerely| truly)?"
    r"|thanks(?: again)?|thank you(?: again)?|many thanks|respectfully|take care"
    r"|talk soon|speak soon|all the best|good luck|best of luck)[,.!]?$",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"^(?:this (?:e-?mail|message|communication)(?: and any (?:files|attachments)"
    r"(?: transmitted with it)?)? (?:is|are|may (?:be|contain)|contains?)"
    r"(?: strictly)? (?:confidential|intended|privileged)"
    r"|confidentiality notice|disclaimer:|please consider the environment)",
    re.IGNORECASE,
)
_MAX_SIGNATURE_LINES = 6


# What a line that _QUOTE_HEADER or _WROTE_TAIL match holds or starts with, as
# ``folded`` gives it: most texts and lines have none of it, and these tests are
# far cheaper than the patterns (_WROTE_TAIL backtracks along the whole line).
_QUOTE_WORD = "wrote"
_QUOTE_STARTS = ("--", "begin forwarded message", "from: ", "__________")


def _may_quote(lowered: str) -> bool:
    """Whether a text (as ``folded`` gives it) can hold a quoted line or its header."""
    return ">" in lowered or _QUOTE_WORD in lowered or any(s in lowered for s in _QUOTE_STARTS)


def _is_quote_header(line: str) -> bool:
    lowered = folded(line)
    if _QUOTE_WORD not in lowered and not lowered.startswith(_QUOTE_STARTS):
        return False
    return bool(_QUOTE_HEADER.match(line) or _WROTE_TAIL.match(line))


def strip_quoted(text: str) -> str:
    """``text`` without quoted history: ``>`` lines and everything from an ``On ... wrote:``."""
    if not _may_quote(folded(text)):
        return text.strip()
    kept: list[str] = []
    for line in text.split("\n"):
        if line.startswith(">"):
            continue
        if _is_quote_header(line):
            if any(k.strip() for k in kept):
                break
            continue  # a forwarded message: its header goes, its body stays
        kept.append(line)
    return "\n".join(kept).strip()


def strip_signature(text: str) -> str:
    """``text`` without a trailing signature, sign-off block or legal disclaimer."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if i and (_SIGNATURE_START.match(line) or _DISCLAIMER.match(line)):
            lines = lines[:i]
            break
    for i in range(len(lines) - 1, 0, -1):
        if _CLOSING.match(lines[i].strip()):
            tail = [t for t in lines[i + 1 :] if t.strip()]
            if len(tail) <= _MAX_SIGNATURE_LINES and all(len(t) < 80 for t in tail):
                lines = lines[:i]
            break
    return "\n".join(lines).strip()


def strip_disclaimer(text: str) -> str:
    """``text`` cut at the first confidentiality disclaimer line, if any."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if i and _DISCLAIMER.match(line):
            return "\n".join(lines[:i]).strip()
    return text


# --- sentences ----------------------------------------------------------------------

_ABBREVIATIONS = word_set(
    """mr mrs ms dr prof sr jr st inc ltd co corp llc plc vs etc eg ie e.g i.e u.s u.k a.m p.m
    no nos approx dept est fig jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed
    thu fri sat sun ave blvd rd hr hrs min mins sec secs yr yrs int'l"""
)
_COMPANY_SUFFIXES = word_set("inc ltd corp co llc plc")
# after "Acme Inc." these words start a new sentence rather than continue the name
_SENTENCE_STARTERS = word_set(
    """we i you your our unfortunately thank thanks please after at as although however
    while this it the if sadly regrettably following"""
)
_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*\s+")
_NEXT_STARTS_SENTENCE = re.compile(r"[\"'(\[]*[A-Z0-9\[]")
_WORD_BEFORE = re.compile(r"([\w.']+)[.!?]*[\"')\]]*\s*$")
_BULLET = re.compile(r"^(?:[-*+>o]\s+|\d{1,2}[.)]\s+|[a-z][.)]\s+)")
_TERMINAL = re.compile(r"[.!?:;\"')\]]$")
_WORD_WINDOW = 40  # enough to see the word before a full stop, and keeps splitting linear
_WRAPPED_LINE = 55
_MAX_SENTENCE = 600


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` carries on the sentence of ``previous`` (a hard-wrapped paragraph)."""
    if _BULLET.match(line) or _TERMINAL.search(previous):
        return False
    if line[:1].islower():
        return True
    return len(previous) >= _WRAPPED_LINE


def _blocks(text: str) -> list[str]:
    """Paragraph-ish blocks: wrapped lines re-joined, short lines (sign-offs) kept apart."""
    blocks: list[str] = []
    current: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            if current:
                blocks.append(" ".join(current))
                current = []
            continue
        if current and _continues(current[-1], line):
            current.append(line)
        else:
            if current:
                blocks.append(" ".join(current))
            current = [line]
    if current:
        blocks.append(" ".join(current))
    return blocks


def _split_block(block: str) -> list[str]:
    if "." not in block and "!" not in block and "?" not in block:
        return [block.strip()] if block.strip() else []  # no boundary to split at
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(block):
        head = block[max(start, match.start() - _WORD_WINDOW) : match.start() + 1]
        # head ends in [.!?], so the word is all [\w.'!?] and starts after the last
        # space: searching from there finds the same match without trying every
        # earlier position
        word = _WORD_BEFORE.search(head, head.rfind(" ") + 1)
        token = word.group(1).lower().rstrip(".") if word else ""
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            following = block[match.end() :].split(" ", 1)[0].lower()
            if token not in _COMPANY_SUFFIXES or following not in _SENTENCE_STARTERS:
                continue
        if not _NEXT_STARTS_SENTENCE.match(block, match.end()):
            continue
        sentences.append(block[start : match.end()].strip())
        start = match.end()
    sentences.append(block[start:].strip())
    return [s for s in sentences if s]


def _chunk(sentence: str) -> list[str]:
    """Very long run-ons (tables, pasted blobs) cut at spaces so evidence stays readable."""
    if len(sentence) <= _MAX_SENTENCE:
        return [sentence]
    pieces: list[str] = []
    rest = sentence
    while len(rest) > _MAX_SENTENCE:
        cut = rest.rfind(" ", 0, _MAX_SENTENCE)
        cut = cut if cut > 0 else _MAX_SENTENCE
        pieces.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        pieces.append(rest)
    return pieces


def split_sentences(text: str) -> list[str]:
    """Sentences of cleaned ``text``; short lines such as greetings and sign-offs stand alone."""
    return [
        piece
        for block in _blocks(text)
        for sentence in _split_block(block)
        for piece in _chunk(sentence)
    ]


# --- the document rules match against ----------------------------------------------------


@dataclass(frozen=True)
class Document:
    """Sentences plus one lower-cased string to run cue patterns over.

    ``lowered`` joins the lower-cased sentences with ``\\n``; cue patterns use
    literal spaces (never ``\\s``), so no match crosses a sentence boundary and
    every match maps back to the sentence it came from.
    """

    sentences: tuple[str, ...]
    lowered: str
    starts: tuple[int, ...]
    # what the rules work out once per document and reuse (see cues)
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_sentences(cls, sentences: list[str]) -> Document:
        lowered_parts = [s.lower() for s in sentences]
        starts: list[int] = []
        offset = 0
        for part in lowered_parts:
            starts.append(offset)
            offset += len(part) + 1
        return cls(tuple(sentences), "\n".join(lowered_parts), tuple(starts))

    @classmethod
    def from_text(cls, text: str) -> Document:
        return cls.from_sentences(split_sentences(text))

    def sentence_index(self, position: int) -> int:
        return bisect_right(self.starts, position) - 1

    def lowered_sentence(self, index: int) -> str:
        start = self.starts[index]
        return self.lowered[start : start + len(self.sentences[index])]


# --- language ----------------------------------------------------------------------------

_ENGLISH_WORDS = word_set(
    """the and to of a in you your we for is that with this be have not on are our it as at
    will would from an or i thank thanks us has been was were by all any can if so but about
    more time team position role application interview please who which they their there
    what when how do did does should could may forward other very"""
)
_WORD = re.compile(r"[^\W\d_]+")
# in lower-case ASCII, every byte but a-z becomes a space
_LETTER_BYTES = bytes(c if 97 <= c <= 122 else 32 for c in range(256))
_MIN_WORDS_FOR_LANGUAGE = 8


# a character beyond ASCII that _WORD takes for a letter
_OTHER_LETTER = re.compile(r"[^\W\d_\x00-\x7f]")


def _words(lowered: str) -> list[str]:
    """``_WORD.findall(lowered)`` of lower-cased text, faster through a byte table.

    The table turns every byte but a-z into a space; a character beyond ASCII
    becomes "?" and so a space too, which is right unless it is a letter ("é",
    not "£"): then the pattern runs.
    """
    if lowered.isascii() or _OTHER_LETTER.search(lowered) is None:
        return lowered.encode("ascii", "replace").translate(_LETTER_BYTES).decode().split()
    return _WORD.findall(lowered)


def english_share(text: str) -> float:
    """Share of the first words that are common English words (about 0.3-0.6 for English).

    Short texts get the benefit of the doubt (1.0): too few words to tell.
    """
    words = _words(text[:4000].lower())
    if len(words) < _MIN_WORDS_FOR_LANGUAGE:
        return 1.0
    hits = sum(map(_ENGLISH_WORDS.__contains__, words))
    return hits / len(words)


def looks_english(text: str) -> bool:
    return english_share(text) >= 0.12
