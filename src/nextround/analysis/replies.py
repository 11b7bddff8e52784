"""Rules for an interviewer's reply: actionable, generic or declined, and what it is about.

A reply is *actionable* when a sentence both names something concrete (a skill,
a domain, a behaviour, a constraint) and marks it as a gap or a need. A broad
label on its own ("not enough experience", "not a culture fit") is *generic*,
and the kind of vagueness picks the probe that could turn it into something
to act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nextround.analysis import lexicon
from nextround.analysis.cues import Cue, Hit, cues, family, find
from nextround.analysis.text import (
    Document,
    looks_english,
    require_text,
    split_sentences,
    split_subject,
    strip_disclaimer,
    strip_quoted,
    strip_signature,
)
from nextround.domain.errors import InvalidInput
from nextround.domain.model import ReplyCategory, ReplyJudgement, Vagueness
from nextround.domain.themes import Theme

_CRITIQUE = re.compile(lexicon.CRITIQUE)
# a broad label counts when its sentence is negative: critical, or a "not a match"
_NEGATIVE = re.compile(
    lexicon.CRITIQUE
    + r"|\bunfortunately\b|(?:not|n't) (?:quite |really )?(?:a |the |an )?(?:[\w-]+ )?(?:fit|match)"
)
_PLEASANTRY = re.compile(
    r"^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening))\b[^.!?]{0,40}[,!.:]?$"
    r"|^thanks?(?: you)?(?: so much| very much)?(?: for (?:reaching out|getting in touch"
    r"|your (?:email|message|note|patience|time|understanding)|asking|following up))?[.!]?$",
    re.IGNORECASE,
)
_NON_ENGLISH_CAP = 0.3
_MAX_GENERIC_EVIDENCE = 3


def _theme_cues(table: dict[Theme, tuple[str, ...]]) -> tuple[Cue, ...]:
    return tuple(c for theme, patterns in table.items() for c in cues(theme.value, patterns))


_NAMED = _theme_cues(lexicon.THEME_NAMED)
_BROAD = _theme_cues(lexicon.THEME_BROAD)
_SKILLS = cues(Vagueness.SKILLS.value, [lexicon.GENERIC_SKILLS])
_FIT = cues(Vagueness.FIT.value, [lexicon.GENERIC_FIT])
_COMPETITION = cues(Vagueness.COMPETITION.value, [lexicon.GENERIC_COMPETITION])
_COMPANY = cues(Vagueness.OTHER.value, [lexicon.GENERIC_COMPANY])
_POSITIVE_CUES = cues(Vagueness.POSITIVE.value, [lexicon.POSITIVE])
# a reply is read with all of these: one prefilter pass serves them together
family(_NAMED, _BROAD, _SKILLS, _FIT, _COMPETITION, _COMPANY, _POSITIVE_CUES, lexicon.DECLINED)


@dataclass(frozen=True, slots=True)
class ReplyText:
    doc: Document
    english: bool


def read_reply(text: str) -> ReplyText:
    """Clean and bound a reply, dropping a subject line, quoted history, signature and
    disclaimer."""
    _, cleaned = split_subject(require_text(text, what="reply text"))
    body = strip_signature(strip_disclaimer(strip_quoted(cleaned)))
    sentences = split_sentences(body)
    if not sentences:
        raise InvalidInput("reply text is empty once quoted history is removed")
    return ReplyText(Document.from_sentences(sentences), looks_english(" ".join(sentences)))


def _critical(doc: Document, hit: Hit) -> bool:
    return bool(_CRITIQUE.search(doc.lowered_sentence(hit.sentence)))


def _negative(doc: Document, hit: Hit) -> bool:
    return bool(_NEGATIVE.search(doc.lowered_sentence(hit.sentence)))


def _ordered_themes(hits: list[Hit]) -> tuple[Theme, ...]:
    return tuple(dict.fromkeys(Theme(h.label) for h in hits))


def _sentences(doc: Document, hits: list[Hit]) -> tuple[str, ...]:
    indices = sorted({h.sentence for h in hits})
    return tuple(doc.sentences[i] for i in indices if not _PLEASANTRY.match(doc.sentences[i]))


def _cap(value: float, *, english: bool) -> float:
    value = min(0.97, max(0.0, value))
    if not english:
        value = min(value, _NON_ENGLISH_CAP)
    return round(value, 3)


def actionable_hits(reply: ReplyText) -> list[Hit]:
    """Named topics in sentences that mark them as a gap or a need."""
    return [h for h in find(reply.doc, _NAMED) if _critical(reply.doc, h)]


def declined_hits(reply: ReplyText) -> list[Hit]:
    return find(reply.doc, lexicon.DECLINED)


def vagueness_of(reply: ReplyText) -> tuple[Vagueness, Theme | None, list[Hit]]:
    """The kind of vagueness in a generic reply, the one area it points at, and its cues."""
    doc = reply.doc
    broad = [h for h in find(doc, _BROAD) if _negative(doc, h)]
    if broad:
        theme = Theme(broad[0].label)
        return lexicon.BROAD_VAGUENESS[theme], theme, broad
    skills = [h for h in find(doc, _SKILLS) if _negative(doc, h)]
    if skills:
        return Vagueness.SKILLS, None, skills
    for cue_set, vagueness in (
        (_FIT, Vagueness.FIT),
        (_COMPETITION, Vagueness.COMPETITION),
        (_COMPANY, Vagueness.OTHER),
    ):
        hits = find(doc, cue_set)
        if hits:
            return vagueness, None, hits
    positive = find(doc, _POSITIVE_CUES)
    if positive:
        return Vagueness.POSITIVE, None, positive
    return Vagueness.OTHER, None, []


_AREA = re.compile(
    # "experience in paediatric wards", "knowledge of GAAP", "skills with Excel": a broad
    # word tied to a named area, which "not enough experience" alone is not
    r"\b(?:experience|knowledge|skills?|background|exposure|expertise|grounding|familiarity"
    r"|understanding|depth|track record)\s+(?:in|with|of|on|around|across|using|running"
    r"|managing|leading|handling|working with|working in)\s+(?:an?\s+|the\s+)?"
    r"(?!(?:this|that|the|our|your|a|such|similar|relevant|right|required|necessary|needed"
    r"|it|them|us|what|things|stuff|role|position|job|field|area|level|kind|work)\b)[a-z0-9]"
)
_COMPANY_SIDE = re.compile(
    r"\b(?:internal(?:ly)?|hiring freeze|freeze|on hold|budget|restructur\w*|reorgani[sz]\w*"
    r"|(?:position|role|job|vacancy|opening|post) (?:was |has been |had been |is )?(?:filled"
    r"|cancel+ed|closed|eliminated|terminated|cut|withdrawn|pulled))\b"
)
_COMPARATIVE = re.compile(
    r"\b(?:more|better|closer|stronger|most) (?:closely |suited|qualified|matched|match"
    r"|aligned|experienced|relevant|fit)\w*|\bother candidates?\b|\banother candidate\b"
)


def reply_cues(reply: ReplyText) -> list[str]:
    """Which kinds of cue the reply holds, whatever the rules decided: a named area,
    a gap, a broad label, a comparison, a reason about the company, praise, a refusal.
    The models weigh them against each other (the rules take the first that fires)."""
    doc = reply.doc
    found: set[str] = set()
    for hit in find(doc, _NAMED):
        found.add("q:named")
        found.add(f"q:named={hit.label}")
        if _critical(doc, hit):
            found.add("q:gap")
            found.add(f"q:gap={hit.label}")
    for hit in find(doc, _BROAD):
        found.add(f"q:broad={hit.label}")
    for name, cue_set in (
        ("skills", _SKILLS),
        ("fit", _FIT),
        ("competition", _COMPETITION),
        ("company", _COMPANY),
        ("positive", _POSITIVE_CUES),
    ):
        if find(doc, cue_set):
            found.add(f"q:{name}")
    if find(doc, lexicon.DECLINED):
        found.add("q:declined")
    lowered = [doc.lowered_sentence(i) for i in range(len(doc.sentences))]
    if any(_CRITIQUE.search(s) for s in lowered):
        found.add("q:critique")
    if any(_AREA.search(s) for s in lowered):
        found.add("q:area")
    if any(_COMPANY_SIDE.search(s) for s in lowered):
        found.add("q:company_side")
    if any(_COMPARATIVE.search(s) for s in lowered):
        found.add("q:comparative")
    if len(doc.sentences) == 1:
        found.add("q:one_sentence")
    return sorted(found)


def probe_for(vagueness: Vagueness, theme: Theme | None) -> str:
    """A gentle follow-up question that fits the vagueness (sharper when a theme is named)."""
    if theme is not None:
        return lexicon.THEME_PROBES[theme]
    return lexicon.PROBES[vagueness]


def judge_reply(text: str) -> ReplyJudgement:
    """The rule-based judgement of one reply."""
    return judge_read_reply(read_reply(text))


def judge_read_reply(reply: ReplyText) -> ReplyJudgement:
    """The rule-based judgement of a reply already read with ``read_reply``."""
    doc = reply.doc
    named = actionable_hits(reply)
    declined = declined_hits(reply)
    if named:
        return ReplyJudgement(
            category=ReplyCategory.ACTIONABLE,
            themes=_ordered_themes(named),
            evidence=_sentences(doc, named),
            vagueness=None,
            probe=None,
            confidence=_cap(0.55 + 0.1 * len(named), english=reply.english),
        )
    if declined:
        return ReplyJudgement(
            category=ReplyCategory.DECLINED,
            themes=(),
            evidence=_sentences(doc, declined),
            vagueness=None,
            probe=None,
            confidence=_cap(0.8 + 0.05 * len(declined), english=reply.english),
        )
    vagueness, theme, hits = vagueness_of(reply)
    evidence = _sentences(doc, hits)
    if not evidence:
        content = [s for s in doc.sentences if not _PLEASANTRY.match(s)]
        evidence = tuple(content[:_MAX_GENERIC_EVIDENCE])
    return ReplyJudgement(
        category=ReplyCategory.GENERIC,
        themes=(theme,) if theme is not None else (),
        evidence=evidence,
        vagueness=vagueness,
        probe=probe_for(vagueness, theme),
        confidence=_cap(0.7 if hits else 0.45, english=reply.english),
    )
