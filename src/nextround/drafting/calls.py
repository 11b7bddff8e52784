"""Lines every call script shares: asking for a moment, a bad time, the goodbye.

On the phone the user cannot re-read a draft, so scripts keep the branches
short and say plainly (in parentheses) what to do rather than what to think.
"""

from __future__ import annotations

from nextround.domain.model import Tone
from nextround.drafting.layout import spoken_opening
from nextround.drafting.wording import Section, Values

TIME_ASK: dict[Tone, str] = {
    Tone.WARM: "Have you got two minutes?",
    Tone.CONCISE: "Is now a good time for a quick question?",
    Tone.FORMAL: "Would you have two minutes to speak?",
}

# For a call that asks nothing (a thank-you), a smaller request for their time.
MOMENT_ASK: dict[Tone, str] = {
    Tone.WARM: "Have you got a moment? I'll be quick.",
    Tone.CONCISE: "Have you got a moment?",
    Tone.FORMAL: "Do you have a moment?",
}

NOT_NOW: dict[Tone, str] = {
    Tone.WARM: "No problem at all. When would suit you better? I'll try you then.",
    Tone.CONCISE: "No problem. When would be a better time?",
    Tone.FORMAL: "Of course. Is there a more convenient time for me to call?",
}

GOODBYE: dict[Tone, str] = {
    Tone.WARM: (
        "Thank you again{to_first}. I really appreciate you taking the time. If anything "
        "else comes to mind, it's {user}, and my details are on my application. "
        "Have a good day."
    ),
    Tone.CONCISE: (
        "Thanks again{to_first}. It's {user}, if anything else comes to mind. Have a good day."
    ),
    Tone.FORMAL: (
        "Thank you very much for your time{to_first}. Should anything further occur to you, "
        "my name is {user} and my details are on my application. Goodbye."
    ),
}

CONCRETE_ANSWER = (
    "(Write down their words as they say them. Then choose one:)\n"
    "- Pitch again, only if you have real evidence: \"That's fair, and useful. "
    "For what it's worth, I have ... Would it be worth keeping me in mind?\"\n"
    "- Or thank them and keep the lesson: \"That's really useful, thank you. "
    "I'm going to work on that before my next interview.\""
)


def opening(
    tone: Tone, values: Values, *lines: str, asks: dict[Tone, str] | None = TIME_ASK
) -> Section:
    """Say who is calling and why, then (unless ``asks`` is None) ask for their time."""
    parts = [spoken_opening(tone, values), *lines]
    if asks is not None:
        parts.append(asks[tone])
    return ("Opening", " ".join(p for p in parts if p))


def not_now(tone: Tone) -> Section:
    return ("If now is not a good time", NOT_NOW[tone])


# With the user's number: give it, and say an email follows so they have it in writing.
GOODBYE_WITH_NUMBER: dict[Tone, str] = {
    Tone.WARM: (
        "Thank you again{to_first}. I really appreciate you taking the time. If anything "
        "else comes to mind, it's {user}, on {phone}, and I'll send you a short email so you "
        "have my details. Have a good day."
    ),
    Tone.CONCISE: (
        "Thanks again{to_first}. It's {user}, on {phone}; I'll follow up by email. Have a good day."
    ),
    Tone.FORMAL: (
        "Thank you very much for your time{to_first}. Should anything further occur to you, "
        "my name is {user}, my number is {phone}, and I will follow up by email. Goodbye."
    ),
}


def goodbye(tone: Tone, values: Values) -> Section:
    words = GOODBYE_WITH_NUMBER if values.get("phone") else GOODBYE
    return ("Close", words[tone].format_map(values))
