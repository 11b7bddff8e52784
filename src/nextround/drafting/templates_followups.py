"""The two quiet endings of a thread: one nudge when nothing came back, a close when it's no.

The nudge is sent once (the feedback thread allows a single follow-up) and
says so, which takes the pressure off: the interviewer knows this is not the
start of a campaign. The close accepts a no-feedback policy without a trace of
complaint and leaves the door open, because the same person may be hiring
again in six months.
"""

from __future__ import annotations

from nextround.domain.model import Tone
from nextround.drafting.calls import goodbye, not_now, opening
from nextround.drafting.wording import Section, StepTemplates, Values, Wording

_NUDGE_WARM = Wording(
    subjects=(
        "Following up: feedback on the {role} interview",
        "A gentle follow-up on the {role} interview",
    ),
    paragraphs=(
        (
            (
                "I hope you're well. I wrote last week asking for a little feedback on my "
                "{interview} for {role_phrase}{at_company}, and wanted to follow up once in case "
                "it slipped through.",
                "I'm just following up on my note from last week about {role_phrase}"
                "{at_company}, in case it got buried.",
            ),
        ),
        (
            (
                "I know how busy things get, so no pressure at all, but even a line or two on "
                "what I could work on would mean a lot.",
                "If you do have a moment, I'd still really value a sentence or two on what I "
                "could do better, and if not, no worries at all.",
            ),
        ),
        (("Thank you either way. This is the only reminder I'll send.",),),
    ),
    short=(
        ("I'm following up once on my note about feedback on the {role} interview{at_company}.",),
        (
            "If you have a moment, a line or two on what I could work on would mean a lot, but "
            "no pressure at all.",
        ),
        ("Thank you either way.",),
    ),
)

_NUDGE_CONCISE = Wording(
    subjects=("Quick follow-up: {role} interview feedback",),
    paragraphs=(
        (("Following up once on my note from last week about {role_phrase}{at_company}.",),),
        (
            (
                "If you have a moment, a line or two on what I could work on would help; no "
                "worries if not.",
            ),
        ),
        (("Thanks either way. I won't chase further.",),),
    ),
    short=(
        ("Following up once on my note about the {role} interview{at_company}.",),
        ("A line or two on what I could work on would help; no worries if not.",),
        ("Thanks either way.",),
    ),
)

_NUDGE_FORMAL = Wording(
    subjects=("Follow-up: request for feedback on the {role} interview",),
    paragraphs=(
        (
            (
                "I would like to follow up on my message of last week regarding feedback on my "
                "interview for {position_phrase}{at_company}.",
            ),
        ),
        (
            (
                "I appreciate that you are very busy, and I would be grateful for any brief "
                "comments on areas I could develop. If that is not possible, I entirely "
                "understand.",
            ),
        ),
        (("Thank you for considering it. I will not write again on this matter.",),),
    ),
    short=(
        ("I am following up once on my request for feedback on the {role} interview.",),
        (
            "I would be grateful for any brief comments on areas I could develop, and I "
            "entirely understand if that is not possible.",
        ),
        ("Thank you for considering it.",),
    ),
)


def _nudge_call(tone: Tone, values: Values, paragraphs: list[str]) -> list[Section]:
    about = (
        "I'm calling about my note last week asking for feedback on the {interview} for "
        "{role_phrase}{at_company}."
    ).format_map(values)
    return [
        opening(tone, values, about),
        not_now(tone),
        ("Ask", f"{paragraphs[1]} {paragraphs[2]}"),
        (
            "If they answer",
            '(Write down their words. If the answer is general, one gentle "Is there one '
            'thing in particular?" is enough.)',
        ),
        goodbye(tone, values),
    ]


FOLLOW_UP = StepTemplates(
    wording={Tone.WARM: _NUDGE_WARM, Tone.CONCISE: _NUDGE_CONCISE, Tone.FORMAL: _NUDGE_FORMAL},
    call=_nudge_call,
)

_CLOSE_WARM = Wording(
    subjects=("Thank you", "Thanks, and all the best"),
    paragraphs=(
        (
            (
                "Thank you for letting me know, and for replying at all; I know how much lands "
                "on your desk.",
                "Thanks for getting back to me; I really do appreciate the reply.",
            ),
            ("I completely understand that you can't share feedback, and I respect that.",),
        ),
        (
            (
                "I really enjoyed meeting you and hearing about the team, and I'd be glad to "
                "hear about future roles{at_company}.",
                "I enjoyed our conversation a lot, and I hope our paths cross again; I'd be "
                "glad to be considered for future roles{at_company}.",
            ),
        ),
    ),
    short=(
        ("Thank you for letting me know. I completely understand that you can't share feedback.",),
        ("I enjoyed meeting you and would be glad to be considered for future roles{at_company}.",),
    ),
)

_CLOSE_CONCISE = Wording(
    subjects=("Thank you",),
    paragraphs=(
        (
            ("Thanks for letting me know.",),
            ("I understand that feedback isn't something you can share.",),
        ),
        (
            (
                "I enjoyed meeting you, and I'd be glad to be considered for future roles"
                "{at_company}.",
            ),
        ),
    ),
    short=(
        ("Thanks for letting me know; I understand you can't share feedback.",),
        ("I enjoyed meeting you and would be glad to be considered for future roles.",),
    ),
)

_CLOSE_FORMAL = Wording(
    subjects=("Thank you: {role} position",),
    paragraphs=(
        (
            ("Thank you for your reply.",),
            ("I fully understand your policy on feedback and respect it.",),
        ),
        (
            (
                "I appreciated the opportunity to meet you, and I hope you will keep me in mind "
                "should a suitable position arise{at_company} in future.",
            ),
        ),
    ),
    short=(
        ("Thank you for your reply; I fully understand your policy on feedback.",),
        (
            "I appreciated meeting you and hope you will keep me in mind for future roles"
            "{at_company}.",
        ),
    ),
)


def _close_call(tone: Tone, values: Values, paragraphs: list[str]) -> list[Section]:
    """If they say no on the phone, this is all there is to say: thanks, and a door left open."""
    return [
        opening(tone, values, asks=None),
        ("When they say they can't share feedback", " ".join(paragraphs)),
        goodbye(tone, values),
    ]


CLOSE = StepTemplates(
    wording={Tone.WARM: _CLOSE_WARM, Tone.CONCISE: _CLOSE_CONCISE, Tone.FORMAL: _CLOSE_FORMAL},
    call=_close_call,
)
