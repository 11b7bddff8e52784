"""The first ask: thank them, jog their memory, accept the outcome, ask what to work on.

The order matters. Thanks and a specific shared moment come first, so the
interviewer places the person before reading the question; accepting the
decision comes before the question, so the question cannot be read as an
appeal. The question is open ("what made the difference") rather than
yes/no, because "was it my experience?" invites a polite "partly".
"""

from __future__ import annotations

from nextround.domain.model import Tone
from nextround.drafting.calls import CONCRETE_ANSWER, goodbye, not_now, opening
from nextround.drafting.wording import Section, StepTemplates, Values, Wording

_WARM = Wording(
    subjects=(
        "Thank you, and a quick question about the {role} interview",
        "Thank you for your time on the {role} interview",
    ),
    paragraphs=(
        (
            (
                "Thank you again for taking the time to meet me for {role_phrase}{at_company}"
                "{when}. I really enjoyed our conversation, especially when we talked about "
                "{point}.",
                "Thanks so much for the {interview} for {role_phrase}{at_company}{when}. I "
                "enjoyed it a lot, and our discussion about {point} has stayed with me since.",
                "I wanted to say thank you for your time on {role_phrase}{at_company}{when}. It "
                "was a conversation I genuinely enjoyed, particularly the part where we got into "
                "{point}.",
            ),
        ),
        (
            (
                "I was sorry to hear it didn't work out, but I understand your decision and "
                "I'm not asking you to revisit it.",
                "I'd hoped for a different outcome, of course, but I respect your decision.",
                "I understand you've gone with another candidate, and I hope it works out "
                "really well for the team.",
            ),
            (
                "If you could spare a few minutes, I'd love to know what made the difference in "
                "the end, and what you'd suggest I work on before my next interview. Even a "
                "couple of lines would help a lot.",
                "Would you be willing to tell me what tipped the balance, and one or two things "
                "I could work on? However brief, it would really help me.",
                "I'd be grateful for your honest view: what made the difference, and what would "
                "you work on if you were in my shoes?",
            ),
        ),
    ),
    short=(
        (
            "Thank you for the {role} interview{at_company}. I enjoyed it, especially talking "
            "about {point}.",
            "Thanks again for meeting me about {role_phrase}{at_company}; I really enjoyed our "
            "chat about {point}.",
        ),
        ("I respect your decision.", "I understand your decision completely."),
        (
            "If you have a moment, what made the difference, and what should I work on?",
            "Would you share what tipped it and what I could work on?",
        ),
    ),
)

_CONCISE = Wording(
    subjects=("Feedback on my {role} interview", "Quick question about the {role} interview"),
    paragraphs=(
        (
            (
                "Thank you for interviewing me for {role_phrase}{at_company}{when}. I enjoyed "
                "our conversation, particularly about {point}.",
                "Thanks for your time on the {interview} for {role_phrase}{at_company}{when}. "
                "I enjoyed it, especially discussing {point}.",
            ),
        ),
        (
            (
                "I understand your decision and won't take much of your time.",
                "I accept your decision, and I'm not asking you to revisit it.",
            ),
            (
                "Could you tell me briefly what made the difference, and what I should work on?",
                "What made the difference, and what would you suggest I work on? A line or two "
                "would help.",
            ),
        ),
    ),
    short=(
        (
            "Thanks for the {role} interview{at_company}; I enjoyed discussing {point}.",
            "Thank you for your time on {role_phrase}{at_company}. I enjoyed our talk about "
            "{point}.",
        ),
        ("I accept your decision.", "I understand your decision."),
        (
            "What made the difference, and what should I work on?",
            "Could you tell me what made the difference and what to work on?",
        ),
    ),
)

_FORMAL = Wording(
    subjects=(
        "Request for feedback: {role} interview",
        "Thank you, and a request for feedback on the {role} interview",
    ),
    paragraphs=(
        (
            (
                "Thank you for the opportunity to interview for {position_phrase}{at_company}"
                "{when}. I appreciated the time you gave me, and I found our discussion of "
                "{point} particularly valuable.",
                "I would like to thank you for interviewing me for {position_phrase}{at_company}"
                "{when}. I valued our conversation, in particular our exchange about {point}.",
            ),
        ),
        (
            (
                "I fully respect your decision; my aim is simply to learn from the experience.",
                "I understand that you have selected another candidate, and I accept that "
                "decision.",
            ),
            (
                "If you are able to, I would be grateful to learn what made the difference in "
                "your assessment and which areas you would recommend I develop.",
                "Would you be willing to share what distinguished the successful candidate, and "
                "where you believe I could improve?",
            ),
        ),
    ),
    short=(
        (
            "Thank you for interviewing me for {position_phrase}{at_company}. I valued our "
            "discussion of {point}.",
            "Thank you for your time at the {role} interview{at_company}; I appreciated our "
            "conversation about {point}.",
        ),
        ("I fully respect your decision.", "I understand and accept your decision."),
        (
            "Might I ask what made the difference, and where I could improve?",
            "Would you share what made the difference and which areas I should develop?",
        ),
    ),
)

_GENERIC_ANSWER = (
    '(For example "it came down to experience" or "we had a very strong field". Ask for one '
    "specific thing, once, and gently:)\n"
    '"That\'s helpful, thank you. Which area of experience in particular?"\n'
    '"Is there one specific thing that would have made the difference?"\n'
    "(If it stays general after that, thank them and go to the close.)"
)

_DECLINED: dict[Tone, str] = {
    Tone.WARM: (
        "That's completely fine, I understand. Thank you for taking my call, and I'd be glad "
        "to be considered for future roles{at_company}."
    ),
    Tone.CONCISE: (
        "Understood, no problem at all. Thanks for taking my call, and I'd be glad to be "
        "considered for future roles{at_company}."
    ),
    Tone.FORMAL: (
        "I quite understand, and thank you for taking my call. I would be glad to be considered "
        "for future roles{at_company}."
    ),
}


def _call(tone: Tone, values: Values, paragraphs: list[str]) -> list[Section]:
    """The method prefers a call; this is the ask with a branch for each kind of answer."""
    met = "We met{when} about {role_phrase}{at_company}.".format_map(values)
    return [
        opening(tone, values, met),
        not_now(tone),
        ("Thank them", paragraphs[0]),
        ("Ask", paragraphs[1]),
        ("If the answer is general", _GENERIC_ANSWER),
        ("If they would rather not say", _DECLINED[tone].format_map(values)),
        ("If they name something concrete", CONCRETE_ANSWER),
        goodbye(tone, values),
    ]


REQUEST = StepTemplates(
    wording={Tone.WARM: _WARM, Tone.CONCISE: _CONCISE, Tone.FORMAL: _FORMAL},
    call=_call,
)
