"""Drafting: the messages of the feedback loop, and a linter for any such message.

``draft(step, channel, tone, ctx)`` writes the request, follow-up, probe,
close, pitch or thank-you for a call, an email, a LinkedIn message or a
voicemail. ``lint_draft(text, ...)`` checks a draft (ours or one the user
wrote) for the elements that make such a message work and the phrasings
that sink it. This package imports only the standard library and
``nextround.domain``.
"""

from nextround.drafting.compose import draft
from nextround.drafting.context import Draft, DraftContext, Step
from nextround.drafting.linter import LintReport, lint_draft

__all__ = ["Draft", "DraftContext", "LintReport", "Step", "draft", "lint_draft"]
