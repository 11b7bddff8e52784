"""The request after a screening rejection: short, to the recruiter or hiring manager.

There was no interview, so there is nothing to jog their memory with and no
point pretending otherwise: the message thanks them for reading the
application, accepts the decision in one clause, and asks the one question a
screener can answer from the file in front of them: what would have made the
application stronger. It is short because the reader owes even less than an
interviewer does.
"""

from __future__ import annotations

from nextround.domain.model import Tone
from nextround.drafting.calls import goodbye, not_now, opening
from nextround.drafting.wording import Section, StepTemplates, Values, Wording

_WARM = Wording(
    subjects=(
        "Thank you, and one question about my {role} application",
        "My application for {role_phrase}: a quick question",
    ),
    paragraphs=(
        (
            (
                "Thank you for considering my application for {role_phrase}{at_company}.",
                "Thanks for taking the time to look at my application for {role_phrase}"
                "{at_company}.",
            ),
            (
                "I understand your decision and I'm not asking you to reconsider it.",
                "I respect your decision, of course.",
            ),
        ),
        (
            (
                "If you have a minute, what would have made my application stronger? Even one "
                "thing would help me with the next one.",
                "Could you tell me what would have made my application stronger? A line would "
                "already help me a lot.",
            ),
        ),
    ),
    short=(
        (
            "Thank you for considering my application for {role_phrase}{at_company}.",
            "Thanks for looking at my application for {role_phrase}{at_company}.",
        ),
        ("I respect your decision.", "I understand your decision."),
        (
            "If you have a minute, what would have made it stronger?",
            "Could you tell me what would have made it stronger?",
        ),
    ),
)

_CONCISE = Wording(
    subjects=("Quick question about my {role} application",),
    paragraphs=(
        (
            ("Thanks for considering my application for {role_phrase}{at_company}.",),
            ("I understand your decision.", "I accept your decision."),
        ),
        (
            (
                "What would have made my application stronger? A line would help.",
                "Could you tell me briefly what would have made my application stronger?",
            ),
        ),
    ),
    short=(
        ("Thanks for considering my application for {role_phrase}{at_company}.",),
        ("I understand your decision.",),
        ("What would have made it stronger?",),
    ),
)

_FORMAL = Wording(
    subjects=("Request for feedback: application for {position_phrase}",),
    paragraphs=(
        (
            (
                "Thank you for considering my application for {position_phrase}{at_company}.",
                "I would like to thank you for reviewing my application for {position_phrase}"
                "{at_company}.",
            ),
            ("I fully respect your decision.", "I understand and accept your decision."),
        ),
        (
            (
                "If you are able to, I would be grateful to know what would have made my "
                "application stronger.",
                "Might I ask what would have made my application a stronger one?",
            ),
        ),
    ),
    short=(
        ("Thank you for considering my application for {position_phrase}{at_company}.",),
        ("I fully respect your decision.",),
        ("Might I ask what would have made it stronger?",),
    ),
)


def _call(tone: Tone, values: Values, paragraphs: list[str]) -> list[Section]:
    """A short call: who is calling, the one question, and a graceful way out."""
    about = "I applied for {role_phrase}{at_company}.".format_map(values)
    return [
        opening(tone, values, about),
        not_now(tone),
        ("Ask", " ".join(paragraphs)),
        (
            "If they would rather not say",
            '(Thank them and leave it there: "Of course, thank you for your time.")',
        ),
        (
            "If they name something",
            "(Write down their words. Thank them; don't argue the point.)",
        ),
        goodbye(tone, values),
    ]


SCREENING = StepTemplates(
    wording={Tone.WARM: _WARM, Tone.CONCISE: _CONCISE, Tone.FORMAL: _FORMAL},
    call=_call,
)
