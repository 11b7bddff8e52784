"""How each channel shapes the same content: letter, short note, spoken message, script.

Templates decide *what* to say; this module decides how it sits on the page
(or in the ear): who is greeted and how, where the signature goes, what a
voicemail must repeat because the listener cannot scroll back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from nextround.domain.model import Tone
from nextround.drafting.variants import Variants, render

VALEDICTIONS: dict[Tone, Variants] = {
    Tone.WARM: ("Warm wishes", "All the best", "With thanks"),
    Tone.CONCISE: ("Thanks", "Best", "Best regards"),
    Tone.FORMAL: ("Kind regards", "With best regards", "Yours sincerely"),
}

_SPOKEN_OPENINGS: dict[Tone, tuple[str, str]] = {
    # (knowing their name, not knowing it)
    Tone.WARM: ("Hi {first}, this is {user}.", "Hi, this is {user}."),
    Tone.CONCISE: ("Hi {first}, it's {user}.", "Hello, it's {user}."),
    Tone.FORMAL: ("Hello {first}, my name is {user}.", "Hello, my name is {user}."),
}

# A listener cannot scroll back to the start, so a voicemail ends on the name again.
_VOICEMAIL_CLOSINGS: dict[Tone, Variants] = {
    Tone.WARM: ("Again, it's {user}. Thanks so much, and have a lovely day.",),
    Tone.CONCISE: ("Again, it's {user}. Thank you.",),
    Tone.FORMAL: ("Once again, my name is {user}. Thank you for your time.",),
}


def greeting(tone: Tone, values: Mapping[str, str]) -> str:
    """The written salutation; without a name, the hiring manager or a plain hello."""
    first, full = values["first"], values["iname"]
    if tone is Tone.FORMAL:
        return f"Dear {full}," if full else "Dear Hiring Manager,"
    if first:
        return f"Hi {first},"
    return "Hi there," if tone is Tone.WARM else "Hello,"


def spoken_opening(tone: Tone, values: Mapping[str, str]) -> str:
    """Who is speaking, said first: on a call or a voicemail the name comes before anything."""
    named, anonymous = _SPOKEN_OPENINGS[tone]
    return (named if values["first"] else anonymous).format_map(values)


# With a number to call back on: said slowly, once, and an email promised so they
# have it in writing (``nextround me --phone``).
_VOICEMAIL_CALLBACKS: dict[Tone, Variants] = {
    Tone.WARM: (
        "Again, it's {user}: you can reach me on {phone}, and I'll send a short email too. "
        "Thanks so much.",
    ),
    Tone.CONCISE: ("Again, it's {user}, on {phone}. I'll follow up by email. Thank you.",),
    Tone.FORMAL: (
        "Once again, my name is {user}; my number is {phone}, and I will follow up by email. "
        "Thank you.",
    ),
}


def voicemail_closing(tone: Tone, values: Mapping[str, str], *key: str) -> str:
    closings = _VOICEMAIL_CALLBACKS if values.get("phone") else _VOICEMAIL_CLOSINGS
    return render(closings[tone], values, *key, "voicemail-closing")


def signature(values: Mapping[str, str]) -> str:
    """The name under an email, with the phone number when the user gave one."""
    phone = values.get("phone", "")
    return f"{values['user']}\n{phone}" if phone else values["user"]


def valediction(tone: Tone, *key: str) -> str:
    return render(VALEDICTIONS[tone], {}, *key, "valediction")


def shortest_valediction(tone: Tone) -> str:
    return min(VALEDICTIONS[tone], key=len)


def letter(greet: str, paragraphs: Sequence[str], closing: str, user: str) -> str:
    """An email body: salutation, paragraphs, and the signature on its own line."""
    body = "\n\n".join(p for p in paragraphs if p)
    return f"{greet}\n\n{body}\n\n{closing},\n{user}"


def note(greet: str, sentences: Sequence[str], closing: str, user: str) -> str:
    """A LinkedIn message: every character counts, so one line per part."""
    return f"{greet}\n{' '.join(s for s in sentences if s)}\n{closing}, {user}"


def spoken(opening: str, sentences: Sequence[str], closing: str) -> str:
    """A voicemail: one breath of text, said in order."""
    return " ".join(s for s in (opening, *sentences, closing) if s)


def script(sections: Sequence[tuple[str, str]]) -> str:
    """A call script: labelled sections; lines in parentheses are notes, not lines to say."""
    return "\n\n".join(f"[{title}]\n{text}" for title, text in sections if text)
