"""Company, role and person from an email's subject, sentences, sign-off and sender.

Candidates are collected from every place they can appear, each with a weight
for how trustworthy the place is (a sign-off line beats a guess from the sender's
domain), and the best-supported one wins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from nextround.analysis.lexicon import ROLE_WORDS
from nextround.analysis.text import word_set
from nextround.domain.patterns import folded as folded_text

_CAP = r"[A-Z0-9][A-Za-z0-9&'+-]*(?:\.[A-Za-z0-9&'+-]+)*"
_CONNECTOR = r"(?: (?:&|and|of|de|du|la|von|van|der|y|e|für))?"
# words joined by spaces; a full stop may only end the name ("Acme Inc."), never sit inside it
NAME = rf"{_CAP}(?:{_CONNECTOR} {_CAP}){{0,4}}\.?"

_NOT_COMPANY = word_set(
    """we our us you your i unfortunately thank thanks hi hello dear please team talent
    recruiting recruitment careers career hiring hr company position role job application
    applications interview this that these those it at in on for with from as an a the
    today tomorrow monday tuesday wednesday thursday friday saturday sunday january february
    march april may june july august september october november december time moment present
    update status regards best sincerely subject re fw fwd no yes sorry congratulations
    dear unfortunately after following here there people human resources"""
)
_COMPANY_SUFFIX_NOISE = word_set(
    """team talent acquisition recruiting recruitment careers career hiring hr people jobs
    staffing campus university"""
)
# role words that are also common in company names ("Bain Capital Partners")
_COMPANY_ROLE_WORDS = word_set("engineering partner partners associates consulting group")
_GENERIC_DOMAINS = word_set(
    """gmail googlemail yahoo outlook hotmail live msn icloud me mac aol proton protonmail
    gmx mail email greenhouse greenhouse-mail lever hire workday myworkday myworkdayjobs
    icims smartrecruiters jobvite taleo successfactors bamboohr ashbyhq ashby workable
    recruitee breezy breezyhr jazzhr jazz linkedin indeed glassdoor ziprecruiter handshake
    joinhandshake angel wellfound notifications noreply no-reply applytojob teamtailor
    personio pinpointhq rippling oraclecloud avature phenom phenompeople eightfold
    paradox sendgrid mailchimp mailgun amazonses hubspot"""
)
_ROLE_WORD = re.compile(rf"\b(?:{ROLE_WORDS})s?\b", re.IGNORECASE)
_ROLE_TOKEN = (
    r"(?!(?:the|a|an|this|that|our|your|for|at|with|to|in|on|we|you|i|is|was|be|has|have"
    r"|and|it|its|from|by|as|which|who|unfortunately)\b)[\w/&+#().'-]+"
)
_ROLE_PHRASE = rf"(?P<role>{_ROLE_TOKEN}(?: (?:of |and |& )?{_ROLE_TOKEN}){{0,6}}?)"
_ROLE_NOUN = (
    r"(?i:position|role|job|opening|vacancy|opportunity|post|req|requisition|internship"
    r"|program|programme|fellowship|apprenticeship|posting)"
)
_ROLE_NOT = word_set(
    """above open same available exciting current following new great advertised remote
    full-time part-time specific aforementioned mentioned particular other another
    said relevant respective posted listed position role job"""
)

_ROLE_PATTERNS = (
    re.compile(rf"(?i:\b(?:the|this|our|your|an?)) {_ROLE_PHRASE} {_ROLE_NOUN}\b"),
    re.compile(
        rf"(?i:\b(?:position|role|job|post|vacancy)) (?i:of|as) (?i:an? )?{_ROLE_PHRASE}"
        rf"(?= (?i:at|with|in|on|within)\b|[,.;:!?)]|$)"
    ),
    re.compile(
        rf"(?i:\b(?:application|applying|applied|candidacy|interest|consideration|interviewing"
        rf"|interviewed|interview|candidate|apply)) (?i:for|to) (?i:the |our |a |an )?"
        rf"{_ROLE_PHRASE}(?: {_ROLE_NOUN})?(?= (?i:at|with|here)\b|[,.;:!?)]| \(|$)"
    ),
    re.compile(rf"^{_ROLE_PHRASE}(?: {_ROLE_NOUN})? (?i:at|@|with) {NAME}"),
)

_COMPANY_PATTERNS: tuple[tuple[re.Pattern[str], float], ...] = (
    (
        re.compile(
            rf"(?i:\b(?:position|role|job|opportunity|opportunities|internship|opening|openings"
            rf"|vacancy|career|careers|interview|interviewing|program|programme|offer"
            rf"|employment|roles|positions|team|journey|future|process)) (?i:at|with)"
            rf" (?:the )?(?P<c>{NAME})"
        ),
        2.0,
    ),
    (
        re.compile(
            rf"(?i:\b(?:apply|applying|applied|application|applications|interest|interested"
            rf"|candidacy|considering)) (?i:in joining |in working (?:at|for|with) |to |at |with"
            rf" |in )(?:the )?(?P<c>{NAME})"
        ),
        2.0,
    ),
    (
        re.compile(
            rf"(?i:\b(?:join|joining|here at|everyone at|all of us at|us at|behalf of|part of"
            rf"|working for|work for|working at|work at|thank you from|on behalf of)) (?:the )?"
            rf"(?P<c>{NAME})"
        ),
        1.5,
    ),
    (
        re.compile(rf"(?i:\b(?:{ROLE_WORDS})s?) (?i:at) (?:the )?(?P<c>{NAME})"),
        1.5,
    ),
    (
        re.compile(
            rf"(?P<c>{NAME}) (?i:talent acquisition|recruiting|recruitment|careers|hiring|people"
            rf"|hr|talent|university recruiting|campus recruiting|early careers|human resources)"
            rf"\b"
        ),
        1.5,
    ),
)
# Needles per pattern: words every match contains (the pattern's fixed words), one
# of which must be in the sentence, lower-cased (with the letters that match a-z
# regardless of case folded first), before the pattern itself is run. A test
# checks on the corpus and on generated text that no match is ever lost.
_ROLE_NEEDLES: tuple[frozenset[str], ...] = tuple(
    map(
        frozenset,
        (
            (
                "position",
                "role",
                "job",
                "opening",
                "vacancy",
                "opportunity",
                "post",
                "req",
                "internship",
                "program",
                "fellowship",
                "apprenticeship",
            ),
            (" of ", " as "),
            (" for ", " to "),
            (" at ", " @ ", " with "),
        ),
    )
)
_COMPANY_NEEDLES: tuple[frozenset[str], ...] = tuple(
    map(
        frozenset,
        (
            (" at ", " with "),
            (" in ", " to ", " at ", " with "),
            (
                "join",
                "here at",
                "everyone at",
                "us at",
                "behalf of",
                "part of",
                "work",
                "thank you from",
            ),
            (" at ",),
            (
                " talent",
                " recruit",
                " careers",
                " hiring",
                " people",
                " hr",
                " university",
                " campus",
                " early",
                " human",
            ),
        ),
    )
)


_ALL_NEEDLES = tuple(sorted({n for group in (*_ROLE_NEEDLES, *_COMPANY_NEEDLES) for n in group}))


def _needles_in(text: str) -> frozenset[str]:
    """Which needles a sentence holds, looked up once for all the patterns."""
    folded = folded_text(text)
    return frozenset(n for n in _ALL_NEEDLES if n in folded)


def _mentions(present: frozenset[str], needles: frozenset[str]) -> bool:
    return not present.isdisjoint(needles)


_ROLE_SEARCH = tuple(zip(_ROLE_PATTERNS, _ROLE_NEEDLES, strict=True))
_COMPANY_SEARCH = tuple(
    (pattern, weight, needle)
    for (pattern, weight), needle in zip(_COMPANY_PATTERNS, _COMPANY_NEEDLES, strict=True)
)
_TEAM_LINE = re.compile(rf"^(?i:the )?(?P<c>{NAME}) (?i:team|family|crew)\W*$")

_PERSON = r"[A-Z][a-z'-]+(?: [A-Z]\.)?(?: (?:de |van |von |da |di |le |la |mc)?[A-Z][a-z'-]+){0,2}"
_PERSON_LINE = re.compile(rf"^(?P<p>{_PERSON})\W*$")
_CLOSING = re.compile(
    r"^(?i:(?:with )?(?:best|kind|warm|warmest|many|kindest)? ?(?:regards|wishes|thanks|best)"
    r"|best|cheers|sincerely|yours(?: sincerely| truly| faithfully)?|thanks(?: again)?"
    r"|thank you(?: again)?|many thanks|respectfully|take care|all the best|best of luck"
    r"|good luck)(?P<rest>[,.!]?(?: .*)?)$"
)
_INLINE_SIGNOFF = re.compile(rf"^[,.!]? ?(?P<p>{_PERSON})(?: |$|,)")
_INTRO = re.compile(
    rf"(?i:\bmy name is|\bthis is|\bi'm|\bi am) (?P<p>{_PERSON})(?=,| (?i:from|at|and|with|a"
    rf"|an|the|here)\b|\.|$)"
)
_NOT_PERSON = word_set(
    """team talent acquisition recruiting recruitment careers hiring hr the human resources
    university people manager recruiter inc llc ltd corp group company thanks thank best
    regards sincerely dear hello hi unfortunately we our your you sorry excited happy
    pleased writing reaching glad following sent from"""
)
_TITLE_WORDS = re.compile(
    r"\b(?:recruit\w*|talent|acquisition|manager|partner|coordinator|specialist|lead|director"
    r"|hr|human resources|head|people|operations|engineer\w*|founder|ceo|cto|coo|cfo|vp|chief"
    r"|officer|sourcer|associate|generalist|assistant|consultant|advisor|team|president"
    r"|executive|analyst|designer|scientist|senior|junior|principal|staff)\b",
    re.IGNORECASE,
)
_SPLIT_SIGNATURE = re.compile(r"\s*(?:,|\||@| at | - | \u2013 | / |\bat\b)\s*")
_SENDER = re.compile(r"^\s*\"?(?P<display>[^\"<]*?)\"?\s*<?(?P<address>[^<>\s]+@[^<>\s]+?)>?\s*$")
_SUBJECT_PREFIX = re.compile(r"^(?:(?:re|fw|fwd|aw|sv|tr)\s*:\s*)+", re.IGNORECASE)
_SUBJECT_SEPARATOR = re.compile(r"\s+(?:-|\||:|\u2013|\u2014|/|@)\s+|:\s+")
_TRAILING_ID = re.compile(
    r"\s*(?:\((?:[^)]*)\)|#\s*\w+|\b(?:req(?:uisition)?|job)(?: id| no\.?| number)?\s*[:#]?"
    r"\s*[\w-]*\d[\w-]*|[-:,]?\s*[\w-]*\d{3,}[\w-]*)\s*$",
    re.IGNORECASE,
)


_MAX_SENDER = 320


_LEADING_NOISE = re.compile(
    r"^(?:(?:re|fw|fwd):\s*)*(?:(?:your|my|an?)\s+)?(?:(?:application|candidacy|interest"
    r"|applying|update|regarding|re)\b(?:\s+(?:for|to|on|regarding))?(?:\s+the)?[\s:,-]*)?"
    r"(?:[\w-]*\d{4,}[\w-]*\s+)?",
    re.IGNORECASE,
)
_TRAILING_NOISE = re.compile(
    r"(?:\s+(?:application|applications|update|status|opportunity|position|role|job|vacancy"
    r"|posting|opening))+$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Entities:
    company: str | None
    role: str | None
    person: str | None


class _Votes:
    def __init__(self) -> None:
        self._weights: dict[str, float] = {}
        self._spelling: dict[str, str] = {}
        self._order: dict[str, int] = {}

    def add(self, value: str | None, weight: float) -> None:
        if not value:
            return
        key = value.lower()
        self._weights[key] = self._weights.get(key, 0.0) + weight
        self._spelling.setdefault(key, value)
        self._order.setdefault(key, len(self._order))

    def best(self) -> str | None:
        if not self._weights:
            return None
        key = max(self._weights, key=lambda k: (self._weights[k], -self._order[k]))
        return self._spelling[key]


def _clean_company(raw: str) -> str | None:
    words = raw.strip(" .,'-").split()
    while words and words[0].lower() in {"the", "a", "an"}:
        words = words[1:]
    while words and words[-1].lower().strip(".,") in _COMPANY_SUFFIX_NOISE:
        words = words[:-1]
    while words and words[-1].lower() in {"&", "and", "of", "de", "du", "la", "y", "e"}:
        words = words[:-1]
    if not words or any(w.lower().strip(".,'") in _NOT_COMPANY for w in words[:1]):
        return None
    if all(w.lower().strip(".,'") in _NOT_COMPANY for w in words):
        return None
    name = " ".join(words).strip(" .,'-")
    if len(name) < 2 or any(
        _ROLE_WORD.fullmatch(w) and w.lower() not in _COMPANY_ROLE_WORDS for w in name.split()
    ):
        return None  # "Data Scientist Bachelors" is a role someone mistook for a company
    return name


def _clean_role(raw: str) -> str | None:
    role = _LEADING_NOISE.sub("", raw.strip(" .,;:-'\""))
    role = _TRAILING_ID.sub("", role).strip(" .,;:-'\"")
    role = _TRAILING_NOISE.sub("", role).strip(" .,;:-'\"")
    if role.count("(") != role.count(")"):
        role = role.split("(")[0].strip(" .,;:-")
    words = role.split()
    while words and words[0].lower() in _ROLE_NOT:
        words = words[1:]
    role = " ".join(words)
    if not role or len(role) > 80 or not _ROLE_WORD.search(role):
        return None
    if role.lower() in {"position", "role", "job", "lead", "head", "team"}:
        return None
    return role


def _clean_person(raw: str) -> str | None:
    words = raw.strip(" .,").split()
    if not words or len(words) > 4:
        return None
    if any(w.lower().strip(".,") in _NOT_PERSON for w in words):
        return None
    return " ".join(words)


def _role_from(sentence: str, present: frozenset[str] | None = None) -> str | None:
    """The role a sentence names; ``present`` is its needles when already looked up."""
    if present is None:
        present = _needles_in(sentence)
    for pattern, needles in _ROLE_SEARCH:
        if not _mentions(present, needles):
            continue
        for match in pattern.finditer(sentence):
            raw = match.group("role")
            noun = sentence[match.end("role") : match.end()].strip().lower()
            role = _clean_role(raw)
            if (
                role
                and noun.startswith(("internship", "fellowship", "apprenticeship"))
                and not re.search(r"(?i)intern|fellow|apprentice", role)
            ):
                role = f"{role} {noun.split()[0].capitalize()}"
            if role:
                return role
    return None


def _subject_parts(subject: str) -> list[str]:
    plain = _SUBJECT_PREFIX.sub("", subject).strip()
    return [p.strip(" .!") for p in _SUBJECT_SEPARATOR.split(plain) if p.strip(" .!")]


def _from_subject(subject: str, companies: _Votes) -> str | None:
    present = _needles_in(subject)
    for pattern, weight, needles in _COMPANY_SEARCH:
        if not _mentions(present, needles):
            continue
        for match in pattern.finditer(subject):
            companies.add(_clean_company(match.group("c")), weight + 0.5)
    role = None
    for part in _subject_parts(subject):
        found = _role_from(part)
        if found is None and _ROLE_WORD.search(part) and len(part.split()) <= 8:
            found = _clean_role(part)
        elif found is None and re.fullmatch(NAME, part) and len(part.split()) <= 4:
            companies.add(_clean_company(part), 1.0)
        role = role or found
    return role


def _signature(lines: Sequence[str], companies: _Votes) -> str | None:
    """The person who signed, and the company on the line under their name."""
    tail = list(lines[-12:])
    for i in range(len(tail) - 1, -1, -1):
        closing = _CLOSING.match(tail[i])
        if not closing:
            continue
        rest = closing.group("rest")
        inline = _INLINE_SIGNOFF.match(rest) if rest else None
        after = [t for t in tail[i + 1 : i + 4] if t.strip()]
        person = None
        if inline:
            person = _clean_person(inline.group("p"))
            company_lines = [rest[inline.end() :], *after]
        elif after and _PERSON_LINE.match(after[0]):
            person = _clean_person(after[0])
            company_lines = after[1:]
        else:
            company_lines = after
        for line in company_lines:
            team = _TEAM_LINE.match(line.strip())
            if team:
                companies.add(_clean_company(team.group("c")), 2.0)
                continue
            for part in _SPLIT_SIGNATURE.split(line):
                part = part.strip(" .")
                if part and re.fullmatch(NAME, part) and not _TITLE_WORDS.search(part):
                    companies.add(_clean_company(part), 2.0)
        return person
    for line in tail[-3:]:
        team = _TEAM_LINE.match(line.strip())
        if team:
            companies.add(_clean_company(team.group("c")), 2.0)
    return None


def _from_sender(sender: str, companies: _Votes) -> str | None:
    sender = sender[:_MAX_SENDER]
    match = _SENDER.match(sender)
    display = (match.group("display") if match else sender).strip()
    address = match.group("address") if match else ""
    person = None
    if display:
        at = re.match(rf"^(?P<p>{_PERSON}) (?i:at|from|@) (?P<c>{NAME})$", display)
        if at:
            person = _clean_person(at.group("p"))
            companies.add(_clean_company(at.group("c")), 1.0)
        elif re.fullmatch(_PERSON, display) and 2 <= len(display.split()) <= 3:
            person = _clean_person(display)
        elif re.fullmatch(NAME, display):
            companies.add(_clean_company(display), 1.0)
    if address:
        domain = address.rsplit("@", 1)[-1].lower().split(".")
        label = domain[-2] if len(domain) >= 2 else domain[0]
        if label and label not in _GENERIC_DOMAINS and not label.isdigit():
            companies.add(" ".join(w.capitalize() for w in re.split(r"[-_]", label) if w), 0.5)
    return person


def extract_entities(*, subject: str, sentences: Sequence[str], sender: str = "") -> Entities:
    """Best guesses for company, role and person; None where nothing convincing is found."""
    companies = _Votes()
    role = _from_subject(subject, companies) if subject else None
    for sentence in sentences:
        present = _needles_in(sentence)
        for pattern, weight, needles in _COMPANY_SEARCH:
            if not _mentions(present, needles):
                continue
            for match in pattern.finditer(sentence):
                companies.add(_clean_company(match.group("c")), weight)
        if role is None:
            role = _role_from(sentence, present)
    person = _signature(sentences, companies)
    if person is None:
        for sentence in sentences[:6]:
            intro = _INTRO.search(sentence)
            if intro:
                person = _clean_person(intro.group("p"))
                break
    sender_person = _from_sender(sender, companies) if sender else None
    person = person or sender_person
    company = companies.best()
    if person and company and person.lower() == company.lower():
        person = None
    return Entities(company=company, role=role, person=person)
