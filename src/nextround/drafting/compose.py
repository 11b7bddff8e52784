"""``draft()``: pick the step's words, lay them out for the channel, shrink until they fit."""

from __future__ import annotations

from nextround.domain.errors import InvalidInput
from nextround.domain.model import Channel, Tone
from nextround.drafting.context import Draft, DraftContext, Step
from nextround.drafting.layout import (
    greeting,
    letter,
    note,
    script,
    shortest_valediction,
    signature,
    spoken,
    spoken_opening,
    valediction,
    voicemail_closing,
)
from nextround.drafting.limits import overflow
from nextround.drafting.slots import FIRST_LEVEL, LEVELS, Sizing, fill
from nextround.drafting.templates_feedback import PITCH, THANKS
from nextround.drafting.templates_followups import CLOSE, FOLLOW_UP
from nextround.drafting.templates_probe import PROBE
from nextround.drafting.templates_request import REQUEST
from nextround.drafting.templates_screening import SCREENING
from nextround.drafting.text import tidy
from nextround.drafting.variants import render
from nextround.drafting.wording import StepTemplates

_TEMPLATES: dict[Step, StepTemplates] = {
    Step.REQUEST: REQUEST,
    Step.SCREENING: SCREENING,
    Step.FOLLOW_UP: FOLLOW_UP,
    Step.PROBE: PROBE,
    Step.CLOSE: CLOSE,
    Step.PITCH: PITCH,
    Step.THANKS: THANKS,
}


def draft(step: Step, channel: Channel, tone: Tone, ctx: DraftContext) -> Draft:
    """The message for ``step`` in ``channel`` and ``tone``, within the channel's limits.

    The same inputs always give the same draft. When even the most compact
    form cannot fit (a name hundreds of characters long), the most compact
    form is returned and the linter's ``too_long`` flag will say so.
    """
    _check(step, ctx)
    first = FIRST_LEVEL[channel]
    candidate = _compose(step, channel, tone, ctx, LEVELS[first])
    for size in LEVELS[first + 1 :]:
        if overflow(channel, candidate.body) is None:
            break
        candidate = _compose(step, channel, tone, ctx, size)
    return candidate


def _check(step: Step, ctx: DraftContext) -> None:
    if not tidy(ctx.user_name):
        raise InvalidInput("a draft needs your name to sign it; user_name is empty")
    if step is Step.PITCH and not tidy(ctx.evidence):
        raise InvalidInput(
            "a pitch needs evidence that you can close the gap they named; without it, "
            "draft a thank-you instead"
        )


def _compose(step: Step, channel: Channel, tone: Tone, ctx: DraftContext, size: Sizing) -> Draft:
    templates = _TEMPLATES[step]
    wording = templates.wording[tone]
    values = {**fill(ctx, size), **templates.extra(ctx, size, tone)}
    key = (ctx.company, ctx.role, step.value, tone.value)

    def say(slots: tuple[tuple[str, ...], ...], name: str) -> list[str]:
        if size.shortest_wording:  # whole sentences, the shortest way each can be said
            return [min((render((o,), values) for o in v), key=len) for v in slots]
        return [render(v, values, *key, name, str(i)) for i, v in enumerate(slots)]

    paragraphs = [" ".join(say(p, f"p{n}")) for n, p in enumerate(wording.paragraphs)]
    short = say(wording.short, "short")
    subject = None
    if channel is Channel.EMAIL:
        subject = render(wording.subjects, values, *key, "subject")
        sign = valediction(tone, *key)
        body = letter(greeting(tone, values), paragraphs, sign, signature(values))
    elif channel is Channel.LINKEDIN:
        sign = shortest_valediction(tone) if size.shortest_wording else valediction(tone, *key)
        body = note(greeting(tone, values), short, sign, values["user"])
    elif channel is Channel.VOICEMAIL:
        body = spoken(spoken_opening(tone, values), short, voicemail_closing(tone, values, *key))
    else:
        body = script(templates.call(tone, values, paragraphs))
    return Draft(step=step, channel=channel, tone=tone, subject=subject, body=body)
