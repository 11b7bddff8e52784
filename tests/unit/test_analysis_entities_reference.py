"""``extract_entities`` gives what the plain code it replaced gave.

The ``_reference`` functions below are that code, kept as it was: every pattern
run with ``finditer`` or ``search`` on every sentence, nothing skipped or cached.
The tests compare the two on the corpus and on generated mail.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from nextround.analysis import entities as ent
from nextround.analysis.corpus import load_corpus
from nextround.analysis.text import split_sentences, split_subject

_COMPANY_PATTERNS = [(rule.pattern, weight) for rule, weight in ent._COMPANY_SEARCH]
_ROLE_PATTERNS = [rule.pattern for rule in ent._ROLE_SEARCH]


def _clean_company_reference(raw: str) -> str | None:
    words = raw.strip(" .,'-").split()
    while words and words[0].lower() in {"the", "a", "an"}:
        words = words[1:]
    while words and words[-1].lower().strip(".,") in ent._COMPANY_SUFFIX_NOISE:
        words = words[:-1]
    while words and words[-1].lower() in {"&", "and", "of", "de", "du", "la", "y", "e"}:
        words = words[:-1]
    if not words or any(w.lower().strip(".,'") in ent._NOT_COMPANY for w in words[:1]):
        return None
    if all(w.lower().strip(".,'") in ent._NOT_COMPANY for w in words):
        return None
    name = " ".join(words).strip(" .,'-")
    if len(name) < 2 or any(
        ent._ROLE_WORD.fullmatch(w) and w.lower() not in ent._COMPANY_ROLE_WORDS
        for w in name.split()
    ):
        return None
    return name


def _clean_role_reference(raw: str) -> str | None:
    role = ent._LEADING_NOISE.sub("", raw.strip(" .,;:-'\""))
    role = ent._TRAILING_ID.sub("", role).strip(" .,;:-'\"")
    role = ent._TRAILING_NOISE.sub("", role).strip(" .,;:-'\"")
    if role.count("(") != role.count(")"):
        role = role.split("(")[0].strip(" .,;:-")
    words = role.split()
    while words and words[0].lower() in ent._ROLE_NOT:
        words = words[1:]
    role = " ".join(words)
    if not role or len(role) > 80 or not ent._ROLE_WORD.search(role):
        return None
    if role.lower() in {"position", "role", "job", "lead", "head", "team"}:
        return None
    return role


def _role_from_reference(sentence: str) -> str | None:
    for pattern in _ROLE_PATTERNS:
        for match in pattern.finditer(sentence):
            raw = match.group("role")
            noun = sentence[match.end("role") : match.end()].strip().lower()
            role = _clean_role_reference(raw)
            if (
                role
                and noun.startswith(("internship", "fellowship", "apprenticeship"))
                and not re.search(r"(?i)intern|fellow|apprentice", role)
            ):
                role = f"{role} {noun.split()[0].capitalize()}"
            if role:
                return role
    return None


def _from_subject_reference(subject: str, companies: ent._Votes) -> str | None:
    for pattern, weight in _COMPANY_PATTERNS:
        for match in pattern.finditer(subject):
            companies.add(_clean_company_reference(match.group("c")), weight + 0.5)
    role = None
    for part in ent._subject_parts(subject):
        found = _role_from_reference(part)
        if found is None and ent._ROLE_WORD.search(part) and len(part.split()) <= 8:
            found = _clean_role_reference(part)
        elif found is None and re.fullmatch(ent.NAME, part) and len(part.split()) <= 4:
            companies.add(_clean_company_reference(part), 1.0)
        role = role or found
    return role


def _signature_reference(lines: Sequence[str], companies: ent._Votes) -> str | None:
    tail = list(lines[-12:])
    for i in range(len(tail) - 1, -1, -1):
        closing = ent._CLOSING.match(tail[i])
        if not closing:
            continue
        rest = closing.group("rest")
        inline = ent._INLINE_SIGNOFF.match(rest) if rest else None
        after = [t for t in tail[i + 1 : i + 4] if t.strip()]
        person = None
        if inline:
            person = ent._clean_person(inline.group("p"))
            company_lines = [rest[inline.end() :], *after]
        elif after and ent._PERSON_LINE.match(after[0]):
            person = ent._clean_person(after[0])
            company_lines = after[1:]
        else:
            company_lines = after
        for line in company_lines:
            team = ent._TEAM_LINE.match(line.strip())
            if team:
                companies.add(_clean_company_reference(team.group("c")), 2.0)
                continue
            for part in ent._SPLIT_SIGNATURE.split(line):
                part = part.strip(" .")
                if part and re.fullmatch(ent.NAME, part) and not ent._TITLE_WORDS.search(part):
                    companies.add(_clean_company_reference(part), 2.0)
        return person
    for line in tail[-3:]:
        team = ent._TEAM_LINE.match(line.strip())
        if team:
            companies.add(_clean_company_reference(team.group("c")), 2.0)
    return None


def _from_sender_reference(sender: str, companies: ent._Votes) -> str | None:
    sender = sender[: ent._MAX_SENDER]
    match = ent._SENDER.match(sender)
    display = (match.group("display") if match else sender).strip()
    address = match.group("address") if match else ""
    person = None
    if display:
        at = re.match(rf"^(?P<p>{ent._PERSON}) (?i:at|from|@) (?P<c>{ent.NAME})$", display)
        if at:
            person = ent._clean_person(at.group("p"))
            companies.add(_clean_company_reference(at.group("c")), 1.0)
        elif re.fullmatch(ent._PERSON, display) and 2 <= len(display.split()) <= 3:
            person = ent._clean_person(display)
        elif re.fullmatch(ent.NAME, display):
            companies.add(_clean_company_reference(display), 1.0)
    if address:
        domain = address.rsplit("@", 1)[-1].lower().split(".")
        label = domain[-2] if len(domain) >= 2 else domain[0]
        if label and label not in ent._GENERIC_DOMAINS and not label.isdigit():
            companies.add(" ".join(w.capitalize() for w in re.split(r"[-_]", label) if w), 0.5)
    return person


def _extract_entities_reference(
    *, subject: str, sentences: Sequence[str], sender: str = ""
) -> ent.Entities:
    companies = ent._Votes()
    role = _from_subject_reference(subject, companies) if subject else None
    for sentence in sentences:
        for pattern, weight in _COMPANY_PATTERNS:
            for match in pattern.finditer(sentence):
                companies.add(_clean_company_reference(match.group("c")), weight)
        if role is None:
            role = _role_from_reference(sentence)
    person = _signature_reference(sentences, companies)
    if person is None:
        for sentence in sentences[:6]:
            intro = ent._INTRO.search(sentence)
            if intro:
                person = ent._clean_person(intro.group("p"))
                break
    sender_person = _from_sender_reference(sender, companies) if sender else None
    person = person or sender_person
    company = companies.best()
    if person and company and person.lower() == company.lower():
        person = None
    return ent.Entities(company=company, role=role, person=person)


def _check(subject: str, sentences: list[str], sender: str = "") -> None:
    expected = _extract_entities_reference(subject=subject, sentences=sentences, sender=sender)
    found = ent.extract_entities(subject=subject, sentences=sentences, sender=sender)
    assert found == expected, (subject, sentences, sender)


_SENDERS = ["", "Jane Roe <jane@acme-corp.com>", "Acme Careers <jobs@greenhouse.io>", "x@y"]


def test_entities_equal_the_plain_code_on_the_corpus() -> None:
    corpus = load_corpus()
    for number, item in enumerate([*corpus.emails, *corpus.replies]):
        subject, body = split_subject(item["text"])
        sentences = split_sentences(body)
        _check(subject, sentences, _SENDERS[number % len(_SENDERS)])
        _check("", item["text"].splitlines())
        # the same texts again, now that the caches hold them
        _check(subject, sentences, _SENDERS[number % len(_SENDERS)])


_WORDS = sorted(
    {
        *(
            w
            for rule in [*ent._ROLE_SEARCH, *(r for r, _w in ent._COMPANY_SEARCH)]
            for w in rule.words
        ),
        *("Acme", "Corp", "Inc.", "Data", "Analyst", "Jane", "Doe", "Talent", "Acquisition"),
        *("Team", "the", "The", "my", "name", "is", "I'm", "this", "Best", "regards", "Thanks"),
        *("Kind", "Sincerely", "Cheers", "Recruiter", "Manager", "Engineer", "Internship"),
        *("(Remote)", "#123", "Req", "2024", "Re:", "Fwd:", "-", "|", ":", "@", ",", ".", "&"),
        *("\u0130", "\u017f", "\u00e9", "\u00a3", "f\u00fcr", "de", "la", "van", "Mc"),
    }
)
# a rule's own shape ("position at Acme Corp"), so that most mail holds matches
_RULE_SHAPES = st.sampled_from(
    [
        *(
            f"{o}{a}Acme Corp"
            for r in ent._ROLE_SEARCH
            if r.anchors
            for o in r.items
            for a in r.anchors
        ),
        *(
            f"{o}{a}The Acme Co."
            for r, _w in ent._COMPANY_SEARCH
            for o in r.items
            for a in r.anchors
        ),
    ]
)
_SHAPES = st.sampled_from(
    [
        "the Data Analyst position",
        "Thank you for applying to the Senior Engineer role at Acme.",
        "Acme Talent Acquisition",
        "Hi, my name is Jane Doe and I am the recruiter.",
        "This is Jane Doe from Acme.",
        "I'm Jane Doe, the recruiter.",
        "Best regards, Jane Doe",
        "Kind regards,",
        "Jane Doe",
        "Talent Acquisition, Acme Corp",
        "The Acme Recruiting Team",
        "Data Analyst Internship at Acme",
        "Senior Data Analyst (Remote) - Req 12345",
    ]
)
_SENTENCE = st.one_of(
    _RULE_SHAPES,
    _SHAPES,
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12).map(" ".join),
)
_SUBJECT = st.one_of(
    st.just(""),
    st.lists(st.one_of(_RULE_SHAPES, _SHAPES, st.sampled_from(_WORDS)), max_size=4).map(" - ".join),
    _SHAPES,
)


@settings(max_examples=500, deadline=None)
@given(
    _SUBJECT,
    st.lists(_SENTENCE, max_size=10),
    st.sampled_from(_SENDERS),
)
def test_entities_equal_the_plain_code_on_generated_mail(
    subject: str, sentences: list[str], sender: str
) -> None:
    _check(subject, sentences, sender)


def test_intro_is_looked_for_in_the_first_sentences_only() -> None:
    # the subject's parts are searched with the sentences, but are no sentences
    _check("Hello - This is Jane Doe", ["We will not proceed with your application."])
    found = ent.extract_entities(
        subject="Hello - This is Jane Doe", sentences=["We will not proceed."]
    )
    assert found.person is None
    sentences = ["Hi,", *(["Thanks."] * 6), "This is Jane Doe from Acme."]
    _check("", sentences)
    assert ent.extract_entities(subject="", sentences=sentences).person is None
    assert ent.extract_entities(subject="", sentences=sentences[2:]).person == "Jane Doe"


_POOL = st.lists(_SENTENCE, min_size=1, max_size=8, unique=True)


@settings(max_examples=200, deadline=None)
@given(_POOL, st.lists(_SUBJECT, min_size=1, max_size=3, unique=True), st.data())
def test_mail_that_shares_sentences_gets_what_the_plain_code_gets(
    pool: list[str], subjects: list[str], data: st.DataObject
) -> None:
    # mail judged one after another, sharing sentences, each as the plain code judges it
    for _mail in range(data.draw(st.integers(2, 6))):
        sentences = data.draw(st.lists(st.sampled_from(pool), max_size=9))
        _check(data.draw(st.sampled_from(subjects)), sentences)
