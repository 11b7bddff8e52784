"""The two quiet endings of a thread: one nudge when nothing came back, a close when it's no.

The nudge is sent once (the feedback thread allows a single follow-up) and
says so, which takes the pressure off: the interviewer knows this is not the
start of a campaign. The close accepts a no-feedback policy without a trace of
complaint and leaves the door open, because the same person may be hiring
again in six months.
"""

from __future__ import annotations

from nextround.domain.model import Channel, Tone
from nextround.drafting.calls import goodbye, not_now, opening
from nextround.drafting.context import DraftContext
from nextround.drafting.slots import Sizing, fill
from nextround.drafting.wording import Section, StepTemplates, Values, Wording

_NUDGE_WARM = Wording(
    subjects=(
        "Following up: feedback on the {role} {occasion}",
        "A gentle follow-up on the {role} {occasion}",
    ),
    paragraphs=(
        (
            (
                "I hope you're well. {asked_lately} {asked_about}, and I wanted to follow up "
                "once in case it slipped through.",
                "I'm just following up on {earlier} about {role_phrase}{at_company}, in case it "
                "got buried.",
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
        ("I'm following up once on {earlier_short} about the {role} {occasion}{at_company}.",),
        (
            "If you have a moment, a line or two on what I could work on would mean a lot, but "
            "no pressure at all.",
        ),
        ("Thank you either way.",),
    ),
)

_NUDGE_CONCISE = Wording(
    subjects=("Quick follow-up: {role} {occasion} feedback",),
    paragraphs=(
        (("Following up once on {earlier} about {role_phrase}{at_company}.",),),
        (
            (
                "If you have a moment, a line or two on what I could work on would help; no "
                "worries if not.",
            ),
        ),
        (("Thanks either way. I won't chase further.",),),
    ),
    short=(
        ("Following up once on {earlier_short} about the {role} {occasion}{at_company}.",),
        ("A line or two on what I could work on would help; no worries if not.",),
        ("Thanks either way.",),
    ),
)

_NUDGE_FORMAL = Wording(
    subjects=("Follow-up: request for feedback on the {role} {occasion}",),
    paragraphs=(
        (
            (
                "I would like to follow up on {earlier_formal} regarding {position_phrase}"
                "{at_company}.",
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
        ("I am following up once on {earlier_short} about the {role} {occasion}.",),
        (
            "I would be grateful for any brief comments on areas I could develop, and I "
            "entirely understand if that is not possible.",
        ),
        ("Thank you for considering it.",),
    ),
)


def _nudge_call(tone: Tone, values: Values, paragraphs: list[str]) -> list[Section]:
    about = "I'm calling about {earlier} about {role_phrase}{at_company}.".format_map(values)
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


# how the question now awaited was asked -> (earlier, earlier_short, asked lately)
_EARLIER: dict[Channel | None, tuple[str, str, str]] = {
    Channel.CALL: ("our call last week", "our call", "When we spoke last week I asked"),
    Channel.VOICEMAIL: (
        "my voicemail last week",
        "my voicemail",
        "I left you a voicemail last week asking",
    ),
    Channel.LINKEDIN: (
        "my LinkedIn message last week",
        "my message",
        "I messaged you last week asking",
    ),
    Channel.EMAIL: ("my note from last week", "my note", "I wrote last week asking"),
    None: ("my message from last week", "my message", "I got in touch last week asking"),
}


def _nudge_extra(ctx: DraftContext, size: Sizing, tone: Tone) -> dict[str, str]:
    """Recall the earlier message truthfully: a phone request left no "note" to recall."""
    earlier, short, lately = _EARLIER[ctx.asked_by]
    what = "my" if ctx.asked_by is not Channel.CALL else "our"
    if ctx.after_pitch:
        about = "whether my update might change things for {role_phrase}{at_company}"
        formal = f"{what} message of last week"
    else:
        about = (
            "for a little feedback on my {interview} for {role_phrase}{at_company}"
            if ctx.interview_stage or ctx.talking_points
            else "for a little feedback on my application for {role_phrase}{at_company}"
        )
        formal = (
            "our conversation of last week and my request for feedback"
            if ctx.asked_by is Channel.CALL
            else "my request for feedback of last week"
        )
    return {
        "earlier": earlier,
        "earlier_short": short,
        "earlier_formal": formal,
        "asked_lately": lately if not ctx.after_pitch else lately.replace(" asking", ""),
        "asked_about": about if not ctx.after_pitch else about.replace("whether", "about whether"),
    }


def _nudge_extra_filled(ctx: DraftContext, size: Sizing, tone: Tone) -> dict[str, str]:
    base = fill(ctx, size)
    extra = _nudge_extra(ctx, size, tone)
    extra["asked_about"] = extra["asked_about"].format_map(base)
    return extra


FOLLOW_UP = StepTemplates(
    wording={Tone.WARM: _NUDGE_WARM, Tone.CONCISE: _NUDGE_CONCISE, Tone.FORMAL: _NUDGE_FORMAL},
    call=_nudge_call,
    extra=_nudge_extra_filled,
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
