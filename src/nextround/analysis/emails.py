"""Rules for job emails: what kind of message it is, and for a rejection, when and why.

The steps are separate functions (read, classify, stage, reason, entities) so
a trained model can replace one step, say the kind, and still reuse the rules
that explain (the reason sentence, the stage cue, the entities).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from nextround.analysis import lexicon
from nextround.analysis.cues import Hit, family, find, score
from nextround.analysis.entities import extract_entities
from nextround.analysis.text import (
    Document,
    clean_text,
    looks_english,
    require_text,
    split_sentences,
    split_subject,
    strip_disclaimer,
    strip_quoted,
)
from nextround.domain.errors import InvalidInput
from nextround.domain.model import EmailJudgement, EmailKind

# a rejection needs one statement at least this strong, or this much together
_DECISIVE = 2.5
_ENOUGH_TOGETHER = 3.0
_ALONE = 2.0
_MIN_KIND_SCORE = 1.5
_NON_ENGLISH_CAP = 0.3
# ties between non-rejection kinds go to the more specific one
_PRIORITY = (
    EmailKind.OFFER,
    EmailKind.INVITE,
    EmailKind.OUTREACH,
    EmailKind.CONFIRMATION,
    EmailKind.ALERT,
    EmailKind.OTHER,
)
_BOILERPLATE = re.compile(lexicon.BOILERPLATE)
# an email is read with all of these: one prefilter pass serves them together
_CUES = family(
    *lexicon.KIND_CUES.values(),
    *lexicon.SUBJECT_CUES.values(),
    lexicon.REASON_CUES,
    lexicon.INTERVIEW_STAGE,
    lexicon.APPLICATION_STAGE,
    lexicon.NOT_JOB,
)
_JOB_CONTEXT = re.compile(lexicon.JOB_CONTEXT)
_MIN_BODY_AFTER_QUOTE = 40
_ROLE_TITLE = re.compile(rf"\b(?:{lexicon.ROLE_WORDS})s?\b")
_PROSE = re.compile(
    r"\b(?:we|you|i|is|are|was|were|will|would|have|has|had|thank|thanks|please|our|your|my)\b"
)
_LISTING_WORDS = 10
_MIN_LISTINGS = 4


@dataclass(frozen=True, slots=True)
class EmailText:
    """An email made ready for the rules: subject (as sentence 0, if any) and body sentences."""

    subject: str
    doc: Document
    body: range
    english: bool


@dataclass(frozen=True, slots=True)
class KindResult:
    kind: EmailKind
    confidence: float
    scores: dict[EmailKind, float] = field(default_factory=dict)
    hits: dict[EmailKind, list[Hit]] = field(default_factory=dict)


def read_email(text: str, *, subject: str = "") -> EmailText:
    """Clean, bound and split an email; a leading ``Subject:`` line is used when none is given."""
    cleaned = require_text(text, what="email text")
    found, body = split_subject(cleaned)
    subject = (clean_text(subject).replace("\n", " ") if subject else "") or found
    unquoted = strip_quoted(body)
    if len(unquoted) >= _MIN_BODY_AFTER_QUOTE or len(unquoted) >= len(body.strip()) / 2:
        body = unquoted
    sentences = split_sentences(strip_disclaimer(body))
    if subject:
        sentences = [subject, *sentences]
    if not sentences:
        raise InvalidInput("email text is empty")
    first_body = 1 if subject else 0
    return EmailText(
        subject=subject,
        doc=Document.from_sentences(sentences),
        body=range(first_body, len(sentences)),
        english=looks_english(" ".join(sentences)),
    )


def read_emails(items: Sequence[tuple[str, str]]) -> list[EmailText]:
    """Many emails, each ``(text, subject)``, read as ``read_email`` reads them, with
    the cue prefilter run over all of them in one go (see ``Family.prepare``)."""
    read = [read_email(text, subject=subject) for text, subject in items]
    _CUES.prepare([email.doc for email in read])
    return read


def _confidence(top: float, runner_up: float, *, english: bool) -> float:
    if top <= 0:
        value = 0.25
    else:
        strength = 1.0 - math.exp(-top / 3.0)
        margin = max(0.0, top - runner_up) / top
        value = 0.25 + 0.74 * strength * (0.5 + 0.5 * margin)
    if not english:
        value = min(value, _NON_ENGLISH_CAP)
    return round(min(1.0, max(0.0, value)), 3)


def reason_hits(email: EmailText) -> list[Hit]:
    """Hits of concrete reasons (role status, eligibility, named gap, overqualification)."""
    return [
        h
        for h in find(email.doc, lexicon.REASON_CUES, sentences=email.body)
        if not _BOILERPLATE.search(email.doc.lowered_sentence(h.sentence))
    ]


def _listing_lines(email: EmailText) -> int:
    """Short lines that name a job title and say nothing else: the shape of a job digest."""
    count = 0
    for index in email.body:
        line = email.doc.lowered_sentence(index)
        # split no further than needed to tell a short line from a long one
        if len(line.split(None, _LISTING_WORDS)) <= _LISTING_WORDS and _ROLE_TITLE.search(line):
            count += not _PROSE.search(line)
    return count


def _about_a_job(email: EmailText) -> bool:
    """Whether the mail speaks of a job: a job word anywhere, or a job title in the subject."""
    if _JOB_CONTEXT.search(email.doc.lowered):
        return True
    return bool(email.subject) and bool(_ROLE_TITLE.search(email.doc.lowered_sentence(0)))


def classify_kind(email: EmailText, *, reasons: list[Hit] | None = None) -> KindResult:
    """The kind of email, by weighing the cues for every kind against each other.

    ``reasons`` are the email's reason hits when the caller already has them.
    """
    hits: dict[EmailKind, list[Hit]] = {}
    for kind, cue_set in lexicon.KIND_CUES.items():
        found = find(email.doc, cue_set)
        if email.subject and kind in lexicon.SUBJECT_CUES:
            found += find(email.doc, lexicon.SUBJECT_CUES[kind], sentences=range(1))
        hits[kind] = found
    # "you have decided not to continue" is the candidate withdrawing, not a rejection
    withdrawn = {h.sentence for h in hits[EmailKind.OTHER] if h.label == "withdrawal"}
    hits[EmailKind.REJECTION] = [
        h for h in hits[EmailKind.REJECTION] if h.sentence not in withdrawn
    ]
    # a refused loan, claim or permit in mail that says nothing of a job is not a rejection
    not_job = find(email.doc, lexicon.NOT_JOB)
    elsewhere = bool(not_job) and not _about_a_job(email)
    if elsewhere:
        hits[EmailKind.OTHER] = hits[EmailKind.OTHER] + not_job
        hits[EmailKind.REJECTION] = []
    scores = {kind: score(found) for kind, found in hits.items()}
    if reasons is None:
        reasons = reason_hits(email)
    if reasons and not elsewhere:
        scores[EmailKind.REJECTION] += 1.0
    listings = _listing_lines(email)
    if listings >= _MIN_LISTINGS:
        scores[EmailKind.ALERT] += min(4.0, listings - 2.0)

    rejection = scores[EmailKind.REJECTION]
    decisive = any(h.weight >= _DECISIVE for h in hits[EmailKind.REJECTION])
    others: dict[EmailKind, float] = {
        k: v for k, v in scores.items() if k is not EmailKind.REJECTION
    }
    if decisive or rejection >= _ENOUGH_TOGETHER:
        # a clear "not you" outweighs the confirmation-like politeness around it;
        # only an offer or an invitation can compete with it
        rivals = (
            max(others[EmailKind.OFFER], others[EmailKind.INVITE])
            if decisive
            else max(others.values())
        )
        wins = rejection >= rivals if decisive else rejection > rivals
        if wins:
            runner_up = max(others.values())
            return KindResult(
                EmailKind.REJECTION,
                _confidence(rejection, runner_up, english=email.english),
                scores,
                hits,
            )

    if rejection >= _ALONE and rejection >= max(others.values()) + 1.0:
        # a lone "we regret to inform you" with nothing else going on
        return KindResult(
            EmailKind.REJECTION,
            _confidence(rejection, max(others.values()) + 1.0, english=email.english),
            scores,
            hits,
        )

    best = max(_PRIORITY, key=lambda k: (others[k], -_PRIORITY.index(k)))
    top = others[best]
    if top < _MIN_KIND_SCORE:
        return KindResult(
            EmailKind.OTHER,
            _confidence(0.0, 0.0, english=email.english),
            scores,
            hits,
        )
    runner_up = max(v for k, v in scores.items() if k is not best)
    return KindResult(best, _confidence(top, runner_up, english=email.english), scores, hits)


def after_interview(email: EmailText) -> bool | None:
    """True when the text shows an interview, call or test took place; False for a
    screening-stage rejection; None when the text does not tell."""
    interviewed = score(find(email.doc, lexicon.INTERVIEW_STAGE, sentences=email.body))
    screened = score(find(email.doc, lexicon.APPLICATION_STAGE, sentences=email.body))
    if interviewed >= 2.0:
        return True
    if screened > 0:
        return False
    if interviewed > 0:
        return True
    return None


def find_reason(email: EmailText, *, reasons: list[Hit] | None = None) -> str | None:
    """The sentence(s) naming a concrete cause, joined, or None."""
    if reasons is None:
        reasons = reason_hits(email)
    indices = sorted({h.sentence for h in reasons})
    if not indices:
        return None
    return " ".join(email.doc.sentences[i] for i in indices)


def judge_email(text: str, *, subject: str = "", sender: str = "") -> EmailJudgement:
    """The rule-based judgement of one email."""
    return judge_read_email(read_email(text, subject=subject), sender=sender)


def judge_read_email(
    email: EmailText, *, sender: str = "", reasons: list[Hit] | None = None
) -> EmailJudgement:
    """The rule-based judgement of an email already read with ``read_email``
    (``reasons``: its ``reason_hits``, when the caller has them already)."""
    reasons = reason_hits(email) if reasons is None else reasons
    kind = classify_kind(email, reasons=reasons)
    is_rejection = kind.kind is EmailKind.REJECTION
    reason = find_reason(email, reasons=reasons) if is_rejection else None
    entities = extract_entities(
        subject=email.subject,
        sentences=[email.doc.sentences[i] for i in email.body],
        sender=sender,
    )
    return EmailJudgement(
        kind=kind.kind,
        is_rejection=is_rejection,
        after_interview=after_interview(email) if is_rejection else None,
        gives_reason=reason is not None,
        reason=reason,
        company=entities.company,
        role=entities.role,
        person=entities.person,
        confidence=kind.confidence,
    )
