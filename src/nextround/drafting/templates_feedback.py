"""After a concrete answer: pitch again with evidence, or thank them and keep the lesson.

A pitch that only insists ("but I do have that experience") is an argument,
so the pitch leads with thanks for the feedback, offers one piece of evidence
in the user's own words, and asks a question the interviewer can decline
lightly: another conversation if the role is open, or a place in mind for the
next one. The thank-you says what the user will do with the feedback, which is
the best thanks an interviewer who took a risk by being candid can get.
"""

from __future__ import annotations

from nextround.domain.model import Tone
from nextround.domain.themes import Theme
from nextround.drafting.calls import MOMENT_ASK, goodbye, opening
from nextround.drafting.context import DraftContext
from nextround.drafting.slots import Sizing
from nextround.drafting.text import clip_words, sentence, tidy, words_of
from nextround.drafting.wording import Section, StepTemplates, Values, Wording

# Evidence that already reads as a sentence of its own ("I've since...", "Last year I...").
_SENTENCE_STARTS = frozenset(
    words_of(
        "i i've i'm i'd i'll my since over in last recently this at during while after before "
        "we our for on"
    )
)

_EVIDENCE_INTROS = {
    Tone.WARM: "Here's what I can point to on that: {}.",
    Tone.CONCISE: "On that point: {}.",
    Tone.FORMAL: "In that regard, I can point to the following: {}.",
}

# How the user will act on feedback in each theme, as a phrase after "starting with".
THEME_ACTIONS: dict[Theme, str] = {
    Theme.TECHNICAL_SKILLS: "more hands-on practice",
    Theme.DOMAIN_EXPERIENCE: "work that builds that experience",
    Theme.PROBLEM_SOLVING: "practising talking through problems out loud",
    Theme.COMMUNICATION: "shorter, better-structured answers",
    Theme.CULTURE_FIT: "clearer examples of how I work with a team",
    Theme.MOTIVATION: "showing more clearly why the work matters to me",
    Theme.LEADERSHIP: "stronger examples of leading and owning work",
    Theme.PREPARATION: "more thorough research before each interview",
    Theme.SENIORITY: "being clearer about the level I'm aiming for",
    Theme.LOGISTICS: "raising practical details earlier in the process",
}


def evidence_sentence(evidence: str, tone: Tone, max_chars: int | None = None) -> str:
    """The user's evidence as a sentence, introduced only when it is a fragment."""
    text = clip_words(evidence, max_chars, min_significant=2)
    head = text.split(" ", 1)[0].lower().replace("’", "'")
    if head in _SENTENCE_STARTS:
        return sentence(text)
    return _EVIDENCE_INTROS[tone].format(tidy(text))


def _extra(ctx: DraftContext, size: Sizing, tone: Tone) -> dict[str, str]:
    action = THEME_ACTIONS[ctx.themes[0]] if ctx.themes else ""
    return {
        "evidence": evidence_sentence(ctx.evidence, tone, size.detail_chars),
        "how": f", starting with {action}" if action else "",
    }


_PITCH_WARM = Wording(
    subjects=("Following up on your feedback about {gap_subject}", "Thank you, and one more thing"),
    paragraphs=(
        (
            (
                "Thank you for being so straightforward about {gap}. It was genuinely useful "
                "to hear, and I've been thinking about it since.",
            ),
        ),
        (
            (
                "I wanted to share something relevant, not to argue with the decision, just so "
                "you have the full picture. {evidence}",
            ),
        ),
        (
            (
                "If the role is still open, would you be open to another conversation? And if "
                "it has been filled, I'd be glad if you kept me in mind for future roles"
                "{at_company}.",
            ),
        ),
    ),
    short=(
        ("Thank you for the honest feedback{gap_on}.",),
        ("{evidence}",),
        (
            "If the role is still open, would you be open to another chat? If not, please keep me "
            "in mind.",
        ),
    ),
)

_PITCH_CONCISE = Wording(
    subjects=("Your feedback on {gap_subject}",),
    paragraphs=(
        (("Thanks for the clear feedback on {gap}; it was useful.",),),
        (("{evidence}",),),
        (
            (
                "If the role is still open, would you be open to a short conversation? If not, "
                "I'd appreciate being kept in mind for future roles.",
            ),
        ),
    ),
    short=(
        ("Thanks for the clear feedback{gap_on}.",),
        ("{evidence}",),
        ("If the role is open, could we talk again? If not, please keep me in mind.",),
    ),
)

_PITCH_FORMAL = Wording(
    subjects=("Following up on your feedback regarding {gap_subject}",),
    paragraphs=(
        (("Thank you for your candid feedback regarding {gap}. I have taken it seriously.",),),
        (("I hope you will not mind my sharing something relevant. {evidence}",),),
        (
            (
                "Should the position still be open, would you consider a further conversation? "
                "Otherwise, I would be grateful to be kept in mind for future opportunities"
                "{at_company}.",
            ),
        ),
    ),
    short=(
        ("Thank you for your candid feedback{gap_on}.",),
        ("{evidence}",),
        ("Should the role still be open, would you consider a further conversation?",),
    ),
)


def _pitch_call(tone: Tone, values: Values, paragraphs: list[str]) -> list[Section]:
    return [
        opening(tone, values),
        ("Acknowledge their feedback", paragraphs[0]),
        ("Share your evidence", paragraphs[1]),
        ("Ask", paragraphs[2]),
        (
            "If the role has been filled",
            "That makes sense, thank you for considering it. I'd be glad if you kept me in mind "
            "for future roles{at_company}.".format_map(values),
        ),
        (
            "If they are open to it",
            "(Agree the next step there and then: who you should speak to, and when.)",
        ),
        goodbye(tone, values),
    ]


PITCH = StepTemplates(
    wording={Tone.WARM: _PITCH_WARM, Tone.CONCISE: _PITCH_CONCISE, Tone.FORMAL: _PITCH_FORMAL},
    call=_pitch_call,
    extra=_extra,
)

_THANKS_WARM = Wording(
    subjects=("Thank you for the feedback", "Thank you, that was really useful"),
    paragraphs=(
        (
            (
                "Thank you for taking the time to tell me about {gap}. Honest, specific "
                "feedback like that is rare, and I'm grateful for it.",
                "Thank you so much for your feedback on {gap}. It's exactly the kind of "
                "specific pointer I was hoping for.",
            ),
        ),
        (("I'm going to make it my focus before my next interviews{how}.",),),
        (("Thanks again, and I hope our paths cross in future.",),),
    ),
    short=(
        ("Thank you so much for the feedback{gap_on}; it's really useful.",),
        ("I'm going to work on it before my next interview{how}.",),
    ),
)

_THANKS_CONCISE = Wording(
    subjects=("Thanks for the feedback",),
    paragraphs=(
        (("Thank you for the feedback on {gap}; it's clear and useful.",),),
        (("I'm going to work on it before my next interview{how}.",),),
    ),
    short=(
        ("Thanks for the feedback{gap_on}; it's useful.",),
        ("I'm going to work on it before my next interview{how}.",),
    ),
)

_THANKS_FORMAL = Wording(
    subjects=("Thank you for your feedback",),
    paragraphs=(
        (
            (
                "Thank you for your candid feedback regarding {gap}. It is precisely the kind "
                "of specific guidance that is difficult to obtain, and I appreciate it.",
            ),
        ),
        (("I intend to address it before my next interviews{how}.",),),
        (("Thank you again for your time and consideration.",),),
    ),
    short=(
        ("Thank you for your candid feedback{gap_on}.",),
        ("I intend to address it before my next interviews{how}.",),
    ),
)


def _thanks_call(tone: Tone, values: Values, paragraphs: list[str]) -> list[Section]:
    return [
        opening(tone, values, asks=MOMENT_ASK),
        ("Thank them", paragraphs[0]),
        ("Say what you'll do with it", " ".join(paragraphs[1:])),
        goodbye(tone, values),
    ]


THANKS = StepTemplates(
    wording={Tone.WARM: _THANKS_WARM, Tone.CONCISE: _THANKS_CONCISE, Tone.FORMAL: _THANKS_FORMAL},
    call=_thanks_call,
    extra=_extra,
)
