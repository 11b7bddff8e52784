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
_SPACES = re.compile(r"[^\S\n]+")


def clean_text(text: str) -> str:
    """A bounded, normalised copy of ``text``: straight quotes, plain dashes, ``\\n`` lines."""
    bounded = text[:MAX_JUDGED_CHARS].replace("\r\n", "\n")
    normal = unicodedata.normalize("NFKC", bounded).translate(_TRANSLATE)
    normal = _CONTROL.sub("", normal)
    lines = (_SPACES.sub(" ", line).strip() for line in normal.split("\n"))
    return "\n".join(lines).strip()


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


def strip_quoted(text: str) -> str:
    """``text`` without quoted history: ``>`` lines and everything from an ``On ... wrote:``."""
    kept: list[str] = []
    for line in text.split("\n"):
        if line.startswith(">"):
            continue
        if _QUOTE_HEADER.match(line) or _WROTE_TAIL.match(line):
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
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(block):
        head = block[max(start, match.start() - _WORD_WINDOW) : match.start() + 1]
        word = _WORD_BEFORE.search(head)
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
_MIN_WORDS_FOR_LANGUAGE = 8


def english_share(text: str) -> float:
    """Share of the first words that are common English words (about 0.3-0.6 for English).

    Short texts get the benefit of the doubt (1.0): too few words to tell.
    """
    words = _WORD.findall(text[:4000].lower())
    if len(words) < _MIN_WORDS_FOR_LANGUAGE:
        return 1.0
    hits = sum(1 for w in words if w in _ENGLISH_WORDS)
    return hits / len(words)


def looks_english(text: str) -> bool:
    return english_share(text) >= 0.12
