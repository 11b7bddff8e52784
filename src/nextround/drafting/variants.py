"""Deterministic choice among phrasings.

Drafts vary between applications so they do not read as canned, but the same
application always gets the same words: re-running a command, or opening the
same page twice, must not reshuffle what the user has already read. So the
choice hashes the company and role (with the slot being filled), never
``random`` and never the per-process salted ``hash()``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

Variants = tuple[str, ...]


def pick(options: Sequence[str], *key: str) -> str:
    """One of ``options``, the same one for the same ``key`` on every run and machine."""
    if not options:
        raise ValueError("pick needs at least one option")
    digest = hashlib.sha256("\x1f".join(key).encode()).digest()
    return options[int.from_bytes(digest[:8], "big") % len(options)]


def render(options: Variants, values: Mapping[str, str], *key: str) -> str:
    """A picked phrasing with its ``{placeholders}`` filled from ``values``.

    Values are substituted once and never re-read as templates, so a talking
    point containing braces cannot break the draft.
    """
    return pick(options, *key).format_map(values).strip()
