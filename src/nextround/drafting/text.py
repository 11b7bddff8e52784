"""Small text helpers shared by the templates and the linter.

The memory-trigger check and the shortening of talking points must agree on
what a "significant word" is: a LinkedIn draft that squeezes a talking point
has to keep enough of its words for the linter to still recognise it. Both
sides therefore call :func:`significant_words` and :func:`words_needed`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date

from nextround.domain.companies import LEGAL_WORDS

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_SPACE = re.compile(r"\s+")


def words_of(text: str) -> tuple[str, ...]:
    """A word list written as one string, which reads better than a column of quotes."""
    return tuple(text.split())


# Words that carry no memory: a talking point is recognised by what is left.
STOPWORDS = frozenset(
    words_of(
        """
        a about above after again all also am an and any are as at be because been before
        being below between both but by can could did do does doing down during each few
        for from further had has have having he her here hers him his how i if in into is
        it its itself just me more most my no nor not now of off on once only or other our
        ours out over own same she should so some such than that the their them then there
        these they this those through to too under until up very was we were what when
        where which while who whom why will with would you your yours i'm i've we'd we've
        you'd you've it's that's got get gets use used using one two way ways thing things
        lot lots really quite bit part new
        """
    )
)

_MONTHS = words_of(
    "January February March April May June July August September October November December"
)

_HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "sir"})


def tidy(text: str) -> str:
    """One line, single spaces, no dangling punctuation: ready to sit mid-sentence."""
    return _SPACE.sub(" ", text).strip().rstrip(" .;,:")


def _fold(word: str) -> str:
    """Lower-case without accents, so "Zoë" and "zoe" or "café" and "cafe" match."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def _stem(word: str) -> str:
    """A crude suffix strip, enough for "migrated", "migrating" and "migration" to meet."""
    for suffix, keep, rest in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= rest and not word.endswith("ss"):
            word = word[: -len(suffix)] + keep
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


# (suffix, replacement, shortest stem left): longest suffixes first
_SUFFIXES = (
    ("ation", "at", 4),
    ("ies", "y", 3),
    ("ing", "", 4),
    ("ed", "", 4),
    ("es", "", 4),
    ("s", "", 3),
)


def significant_words(text: str) -> list[str]:
    """The words of ``text`` that carry meaning, folded and stemmed, in order."""
    out: list[str] = []
    for raw in _WORD.findall(text):
        word = _fold(raw)
        if word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
            continue
        out.append(_stem(word.removesuffix("'s")))  # "Kafka's" is still Kafka
    return out


def words_needed(count: int) -> int:
    """How many of a talking point's ``count`` significant words must reappear.

    Half of them (at least one) proves the point is meant; three is enough
    however long the point is, so a long point can be shortened.
    """
    return max(1, min(3, math.ceil(count / 2)))


def clip_words(
    text: str, max_chars: int | None, *, min_significant: int = 0, whole_phrases: bool = False
) -> str:
    """``text`` shortened to about ``max_chars``, cut where a phrase naturally ends.

    It prefers the longest prefix that stops before a comma or a linking word
    ("the billing migration | to Kafka", "led the programme | across three
    regions"), so the result still reads as a phrase; failing that it cuts at
    a word and drops trailing filler. It never keeps fewer than
    ``min_significant`` distinct significant words, which the linter needs to
    recognise a shortened talking point. With ``whole_phrases`` it never cuts
    inside a phrase: no natural end that fits means the text comes back whole.
    """
    text = tidy(text)
    if max_chars is None or len(text) <= max_chars:
        return text
    words = text.split(" ")
    prefixes = [" ".join(words[:n]) for n in range(1, len(words))]

    def enough(prefix: str) -> bool:
        return len(set(significant_words(prefix))) >= min_significant

    natural = [
        tidy(prefix)
        for n, prefix in enumerate(prefixes, start=1)
        if _ends_phrase(words, n) and len(tidy(prefix)) <= max_chars and enough(prefix)
    ]
    if natural:
        return natural[-1]
    if whole_phrases:  # cut only where a phrase ends: the shortest such phrase, else whole
        ends = [
            tidy(prefix)
            for n, prefix in enumerate(prefixes, start=1)
            if _ends_phrase(words, n) and enough(prefix)
        ]
        return ends[0] if ends else text
    kept = next((p for p in reversed(prefixes) if len(p) <= max_chars and enough(p)), None)
    if kept is None:
        kept = next((p for p in prefixes if enough(p)), text)
    trimmed = kept.split(" ")
    while len(trimmed) > 1 and _fold(trimmed[-1].strip(",;:-–—")) in STOPWORDS:
        trimmed.pop()
    return tidy(" ".join(trimmed))


def _ends_phrase(words: list[str], n: int) -> bool:
    """Whether the first ``n`` words end a phrase: at a comma, or before a linking word."""
    before, after = words[n - 1], words[n]
    return before.endswith((",", ";", ":")) or _fold(after) in _LINKING or after in {"-", "–", "—"}


# Words a phrase can be cut before and still stand on its own.
_LINKING = frozenset(
    words_of(
        """
        about across after against along among and around as at because before between but by
        during for from in including into like of on or over per since so than that through to
        towards under until via when where which while who with within without
        """
    )
)


def clip_tail(text: str, max_chars: int | None) -> str:
    """Keep the *end* of a job title, where its head noun is ("Staff Software Engineer")."""
    text = tidy(text)
    if max_chars is None or len(text) <= max_chars:
        return text
    words = text.split(" ")
    kept = [words.pop()]
    while words and len(" ".join([words[-1], *kept])) <= max_chars:
        kept.insert(0, words.pop())
    return " ".join(kept)


def embed(phrase: str) -> str:
    """A phrase the user typed, made to sit mid-sentence ("The migration" -> "the migration").

    Only a leading article or possessive is lowered: "Kafka" or "AWS" keep
    their capitals.
    """
    phrase = tidy(phrase)
    head, _, rest = phrase.partition(" ")
    if head in {"The", "A", "An", "Our", "My", "Your", "Their", "How", "What", "Why"}:
        return f"{head.lower()} {rest}".strip()
    return phrase


_THEIR = {
    "their": "your",
    "theirs": "yours",
    "them": "you",
    "they": "you",
    "they're": "you're",
    "they've": "you've",
    "they'll": "you'll",
    "they'd": "you'd",
    "themselves": "yourselves",
}


def their_view(point: str, company: str = "") -> str:
    """A talking point from the user's notes, as said to that company.

    Notes speak of the company in the third person ("how I would restructure
    their weekly trading report", "Northwind's data platform"); a message to
    them says "your".
    """
    text = tidy(point)
    name = tidy(company)
    if name:
        text = re.sub(rf"\b{re.escape(name)}['’]s\b", "your", text, flags=re.IGNORECASE)

    def swap(m: re.Match[str]) -> str:
        word = m.group(0)
        said = _THEIR[word.lower().replace("’", "'")]
        return said.capitalize() if word[0].isupper() else said

    return re.sub(
        r"\b(?:their|theirs|them|themselves|they(?:['’](?:re|ve|ll|d))?)\b",
        swap,
        text,
        flags=re.IGNORECASE,
    )


def sentence(text: str) -> str:
    """``text`` as a full sentence: capital first letter, closing full stop."""
    text = tidy(text)
    if not text:
        return ""
    return text[0].upper() + text[1:] + "."


def first_name(name: str) -> str:
    """The name to greet someone by in a friendly register ("Dr. Dana Ray" -> "Dana")."""
    parts = tidy(name).split()
    while len(parts) > 1 and _fold(parts[0]).rstrip(".") in _HONORIFICS:
        parts = parts[1:]
    return parts[0] if parts else ""


def short_company(company: str) -> str:
    """The company as people say it: "Acme Widgets Ltd." becomes "Acme Widgets"."""
    parts = tidy(company).replace(",", "").split()
    while len(parts) > 1 and _fold(parts[-1]).rstrip(".") in LEGAL_WORDS:
        parts.pop()
    return " ".join(parts)


def short_role(role: str) -> str:
    """The role without its qualifiers ("Data Engineer (Platform), EMEA" -> "Data Engineer")."""
    core = re.split(r"\s*(?:\(|,|\s[-–—|/]\s)", tidy(role), maxsplit=1)[0]
    return tidy(core) or tidy(role)


def day_and_month(when: date) -> str:
    """ "4 March": unambiguous everywhere and independent of the machine's locale."""
    return f"{when.day} {_MONTHS[when.month - 1]}"
