"""One line of plain advice per finding: what is wrong, why it matters, how to fix it.

A score alone teaches nothing; the user should be able to fix a draft from
these lines without knowing how the linter works.
"""

from __future__ import annotations

from collections.abc import Callable

from nextround.drafting.context import Step
from nextround.drafting.detect import Doc
from nextround.drafting.text import tidy


def _memory_help(doc: Doc) -> str:
    points = [tidy(t) for t in doc.talking_points if tidy(t)]
    if points:
        example = min(points, key=len)
        return (
            "memory_trigger: none of your talking points is mentioned. Name one, e.g. "
            f'"when we talked about {example}", so they can put a face to your name.'
        )
    return (
        "memory_trigger: nothing specific from the interview. Mention something you discussed "
        '("when we talked about ...") so they can put a face to your name.'
    )


def _fixed(line: str) -> Callable[[Doc], str]:
    return lambda doc: line


ELEMENT_HELP: dict[str, Callable[[Doc], str]] = {
    "greeting": _fixed(
        'greeting: open with their name ("Hi Dana,"), or "Dear Hiring Manager," if you '
        "don't know it."
    ),
    "thanks": _fixed(
        "thanks: thank them in the message itself, not only in the sign-off; they owe you "
        "nothing, and saying so first makes the rest easy to read."
    ),
    "appreciation": _fixed(
        'appreciation: say what you valued about the interview ("I enjoyed...", '
        '"I appreciated..."), so the message is more than a request.'
    ),
    "memory_trigger": _memory_help,
    "accepts_decision": _fixed(
        'accepts_decision: say you understand or respect the decision ("I respect your '
        'decision"), so your question cannot be read as an appeal.'
    ),
    "asks_what_to_improve": _fixed(
        "asks_what_to_improve: ask openly what made the difference and what you could work "
        'on ("Could you tell me what I should work on?").'
    ),
    "asks_specifics": _fixed(
        "asks_specifics: ask about one particular thing they hinted at "
        '("Which area of experience in particular?"), not for feedback in general.'
    ),
    "easy_out": _fixed(
        'easy_out: make it easy to say no ("no worries if you\'d rather not"); people '
        "answer more readily when they don't feel cornered."
    ),
    "keeps_door_open": _fixed(
        "keeps_door_open: leave the door open (\"I'd be glad to be considered for future "
        'roles"); the same person may be hiring again soon.'
    ),
    "acknowledges_feedback": _fixed(
        'acknowledges_feedback: refer to what they told you ("your feedback on ...") '
        "before anything else, so they know it landed."
    ),
    "offers_evidence": _fixed(
        "offers_evidence: a re-pitch needs something concrete you did, built or learned "
        "that answers the gap; without it, send a thank-you instead."
    ),
    "plans_action": _fixed(
        "plans_action: say what you'll do with the feedback (\"I'm going to ...\"); it is "
        "the best thanks for candour."
    ),
    "sign_off": _fixed(
        'sign_off: end with your name ("Best, Sam"); on a call or voicemail say who you are '
        '("it\'s Sam Lee").'
    ),
}

FLAG_HELP: dict[str, str] = {
    "defensive": (
        "defensive: {} disputes the outcome and will end the conversation. Drop it and ask "
        "what you could do differently."
    ),
    "argumentative": (
        "argumentative: {} reads as an appeal. Accept the decision and ask an open "
        "question instead; if you have new evidence, offer it without insisting."
    ),
    "pushy": (
        "pushy: {} puts pressure on someone doing you a favour. Remove deadlines, demands "
        "and repeated punctuation."
    ),
    "too_long": "too_long: {}. Cut to the thanks, one specific memory and one question.",
    "unfilled_slot": (
        "unfilled_slot: {} is a placeholder. Replace it with something specific you talked "
        "about, so they can place you."
    ),
    "too_many_questions": (
        "too_many_questions: {} question marks. Fewer questions make a reply easier to write."
    ),
}


def all_good(step: Step) -> str:
    return (
        f"Looks good: everything a {step.value.replace('_', '-')} message needs is there, and "
        "nothing reads as defensive, argumentative or pushy."
    )
