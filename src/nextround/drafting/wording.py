"""The shape every step's templates share, so one composer can lay out any of them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from nextround.domain.model import Tone
from nextround.drafting.context import DraftContext
from nextround.drafting.slots import Sizing
from nextround.drafting.variants import Variants

Section = tuple[str, str]
Values = Mapping[str, str]


@dataclass(frozen=True)
class Wording:
    """One step's words in one tone.

    ``paragraphs`` feed an email and a call script: each paragraph is a run of
    slots, each slot a few interchangeable phrasings. ``short`` holds the
    compact slots for LinkedIn and voicemail, where every word is paid for.
    """

    subjects: Variants
    paragraphs: tuple[tuple[Variants, ...], ...]
    short: tuple[Variants, ...]


def no_extra(ctx: DraftContext, size: Sizing, tone: Tone) -> dict[str, str]:
    """Most steps need nothing beyond the shared placeholders."""
    return {}


@dataclass(frozen=True)
class StepTemplates:
    """Everything needed to draft one step: words per tone, the call script, extra values.

    ``call`` receives the rendered email paragraphs so the script says the
    same things as the written drafts, wrapped in the branches a live
    conversation needs.
    """

    wording: Mapping[Tone, Wording]
    call: Callable[[Tone, Values, list[str]], list[Section]]
    extra: Callable[[DraftContext, Sizing, Tone], dict[str, str]] = field(default=no_extra)
