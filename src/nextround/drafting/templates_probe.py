"""The probe: one gentle question that turns a generic reply into something usable.

"You lacked the right experience" is true of everyone and helps no one, so
the probe asks about the one kind of vagueness the reply showed: *which*
experience, *which* skill, *what* the chosen person brought. It asks once,
paraphrases the reply so it is clearly listening rather than disputing, and
ends with an easy way to say no, since the interviewer already owes nothing.
"""

from __future__ import annotations

from nextround.domain.model import Tone, Vagueness
from nextround.drafting.calls import CONCRETE_ANSWER, goodbye, opening
from nextround.drafting.context import DraftContext
from nextround.drafting.slots import Sizing
from nextround.drafting.wording import Section, StepTemplates, Values, Wording

# vagueness -> (plain question, formal question, compact question)
QUESTIONS: dict[Vagueness, tuple[str, str, str]] = {
    Vagueness.EXPERIENCE: (
        "Was there a particular area of experience you had in mind: a kind of project, a "
        "domain, or the scale of the work?",
        "Could you tell me which area of experience in particular you felt was missing?",
        "Which area of experience in particular did you have in mind?",
    ),
    Vagueness.FIT: (
        "When you say it wasn't quite the right fit, which part did you have in mind in "
        "particular: the work itself, the level, or how I'd work with the team?",
        "Could you say which aspect of the fit in particular concerned you: the scope of the "
        "role, the level, or the way the team works?",
        "Which part of the fit in particular gave you pause?",
    ),
    Vagueness.COMPETITION: (
        "Without going into anyone's details, what in particular did the person you chose "
        "bring that I didn't?",
        "Without asking about the other candidate in any detail, might I ask what in "
        "particular they offered that I did not?",
        "What in particular did the person you chose bring that I didn't?",
    ),
    Vagueness.SKILLS: (
        "Which skill in particular would have made the biggest difference?",
        "Could you tell me which skill in particular you felt needed strengthening?",
        "Which skill in particular should I work on first?",
    ),
    Vagueness.CULTURE: (
        "Could you tell me a little more about what, specifically, didn't feel like a match "
        "with how the team works? An example from the interview would help a lot.",
        "Could you describe which aspect of the team's way of working in particular you felt "
        "I might not match?",
        "Which part of how the team works in particular didn't seem a match?",
    ),
    Vagueness.POSITIVE: (
        "That's really good to hear. If there's one thing that would have made it a yes, "
        "what would it be?",
        "I am pleased to hear it. If there was one thing that would have changed the "
        "outcome, what would it be?",
        "Glad to hear it. What one thing would have made it a yes?",
    ),
    Vagueness.OTHER: (
        "Is there one specific thing (an answer, an example, a skill) you'd point me to first?",
        "Is there one specific point you would suggest I focus on first?",
        "Is there one specific thing you'd point me to?",
    ),
}

# What a generic reply said, in our words, when the user gave no quote.
PARAPHRASES: dict[Vagueness, str] = {
    Vagueness.EXPERIENCE: "my experience wasn't quite what you were looking for",
    Vagueness.FIT: "it didn't feel like quite the right fit",
    Vagueness.COMPETITION: "it was a close call against a strong field",
    Vagueness.SKILLS: "some of my skills weren't quite where you needed them",
    Vagueness.CULTURE: "it came down to how I'd fit with the team",
    Vagueness.POSITIVE: "the interview went well overall",
    Vagueness.OTHER: "",
}

_REPORTED_SPEECH = {Tone.WARM: "You mentioned", Tone.CONCISE: "You said", Tone.FORMAL: "You noted"}


def probe_question(vagueness: Vagueness | None, tone: Tone, *, compact: bool = False) -> str:
    """The question that fits this kind of vagueness; ``compact`` for LinkedIn and voicemail."""
    plain, formal, short = QUESTIONS[vagueness or Vagueness.OTHER]
    if compact:
        return short
    return formal if tone is Tone.FORMAL else plain


# the words a reply must use for a guess at its vagueness to be named back to them
_SAID: dict[Vagueness, tuple[str, ...]] = {
    Vagueness.EXPERIENCE: ("experienc", "background", "track record"),
    Vagueness.SKILLS: ("skill", "technical", "ability"),
    Vagueness.FIT: ("fit", "match", "suited"),
    Vagueness.CULTURE: ("cultur", "team", "values"),
    Vagueness.COMPETITION: ("candidate", "field", "close", "strong", "other"),
}


def heard(ctx: DraftContext) -> Vagueness | None:
    """The kind of vagueness to ask about, only if their words bear it out.

    A guess the reply does not support ("a particular area of experience"
    when nobody mentioned experience) would put words in their mouth, so it
    falls back to the open "one specific thing" question.
    """
    kind = ctx.vagueness
    said = ctx.reply_text.lower()
    if kind is None or not said or kind not in _SAID:
        return kind
    return kind if any(word in said for word in _SAID[kind]) else Vagueness.OTHER


def _reference(ctx: DraftContext, size: Sizing, tone: Tone) -> str:
    """Show we listened, in our own words: a paraphrase, never their sentence quoted back.

    Quoting "You mentioned: '...'" reads robotic in writing and pointed on a call.
    """
    paraphrase = PARAPHRASES[heard(ctx) or Vagueness.OTHER]
    return f"{_REPORTED_SPEECH[tone]} that {paraphrase}." if paraphrase else ""


def _extra(ctx: DraftContext, size: Sizing, tone: Tone) -> dict[str, str]:
    return {
        "reference": _reference(ctx, size, tone),
        "probe": probe_question(heard(ctx), tone),
        "probe_short": probe_question(heard(ctx), tone, compact=True),
    }


_WARM = Wording(
    subjects=("A quick follow-up on the {role} {occasion}", "One more question, if I may"),
    paragraphs=(
        (
            (
                "Thank you for getting back to me. I know you didn't have to, and I appreciate it.",
                "Thanks so much for your reply, and for taking the time to write it.",
            ),
        ),
        (("{reference} {probe}",),),
        (
            (
                "If you'd rather leave it there, that's completely fine, and thank you either way.",
                "And if you'd rather not go into more detail, no worries at all; I'm grateful "
                "for what you've already shared.",
            ),
        ),
    ),
    short=(
        ("Thanks so much for your reply.", "Thank you for getting back to me."),
        ("{reference} {probe_short}",),
        ("No worries at all if you'd rather not say more.",),
    ),
)

_CONCISE = Wording(
    subjects=("One quick question about the {role} {occasion}",),
    paragraphs=(
        (("Thanks for your reply.", "Thank you for getting back to me."),),
        (("{reference} {probe}",),),
        (("No worries if you'd rather not say more.", "If you'd rather not, no problem."),),
    ),
    short=(
        ("Thanks for your reply.",),
        ("{reference} {probe_short}",),
        ("No worries if not.",),
    ),
)

_FORMAL = Wording(
    subjects=("A brief follow-up question regarding the {role} {occasion}",),
    paragraphs=(
        (
            (
                "Thank you for your reply; I appreciate you taking the time to respond.",
                "Thank you for getting back to me regarding {position_phrase}.",
            ),
        ),
        (("{reference} {probe}",),),
        (
            (
                "I quite understand if you would prefer not to go into further detail.",
                "Should you prefer not to elaborate, I entirely understand.",
            ),
        ),
    ),
    short=(
        ("Thank you for your reply.",),
        ("{reference} {probe_short}",),
        ("I quite understand if you prefer not to say more.",),
    ),
)


def _call(tone: Tone, values: Values, paragraphs: list[str]) -> list[Section]:
    """One probe, asked once; if the answer stays general, the script says to stop."""
    return [
        opening(tone, values, paragraphs[0]),
        ("Ask", f"{paragraphs[1]} {paragraphs[2]}"),
        ("If they name something concrete", CONCRETE_ANSWER),
        (
            "If it stays general",
            "(Don't press a second time. Thank them warmly and go to the close.)",
        ),
        goodbye(tone, values),
    ]


PROBE = StepTemplates(
    wording={Tone.WARM: _WARM, Tone.CONCISE: _CONCISE, Tone.FORMAL: _FORMAL},
    call=_call,
    extra=_extra,
)
