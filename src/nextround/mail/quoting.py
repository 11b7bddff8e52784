"""Separating a message's new words from the quoted history and the signature."""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUOTE_HEADER = re.compile(
    r"^\s*(?:"
    r"on\b.{0,200}\bwrote:?"
    r"|.{0,200}\bwrote:"
    r"|-{2,}\s*(?:original|forwarded) message\s*-{2,}"
    r"|begin forwarded message:?"
    r"|_{10,}"
    r"|le .{0,200} a écrit\s*:"
    r"|am .{0,200} schrieb .{0,200}:"
    r")\s*$",
    re.IGNORECASE,
)
_OUTLOOK_HEADER = re.compile(r"^\s*(?:from|von|de):\s*\S", re.IGNORECASE)
_OUTLOOK_NEXT = re.compile(r"^\s*(?:sent|date|gesendet|envoyé|to|an|à|subject|betreff):", re.I)
_SIGNATURE = re.compile(
    r"^(?:-- ?|sent from my \w+.*|sent from (?:outlook|mail|yahoo|gmail).*|get outlook for .*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Parts:
    new: str
    quoted: str
    signature: str


def _history_start(lines: list[str]) -> int | None:
    seen_text = False
    for i, line in enumerate(lines):
        if seen_text and (
            _QUOTE_HEADER.match(line)
            or (
                _OUTLOOK_HEADER.match(line)
                and any(_OUTLOOK_NEXT.match(n) for n in lines[i + 1 : i + 4])
            )
        ):
            return i
        if line.strip() and not line.startswith(">"):
            seen_text = True
    return None


def split_message(text: str) -> Parts:
    """The new text, the quoted history (``>`` lines, or all after "On ... wrote:"), the
    signature (after a ``--`` line or "Sent from my phone")."""
    lines = text.split("\n")
    start = _history_start(lines)
    history: list[str] = []
    if start is not None:
        lines, history = lines[:start], lines[start:]
    own = [line for line in lines if not line.startswith(">")]
    quoted = [line for line in lines if line.startswith(">")] + history
    signature: list[str] = []
    for i, line in enumerate(own):
        if i and _SIGNATURE.match(line.rstrip()):
            own, signature = own[:i], own[i:]
            break
    return Parts(
        new="\n".join(own).strip(),
        quoted="\n".join(quoted).strip(),
        signature="\n".join(signature).strip(),
    )
