"""Length limits per channel, shared by the drafter (which must fit) and the linter.

LinkedIn cuts connection notes at 300 characters; a voicemail longer than
about 30 seconds (80 spoken words) tends to be skipped; an email past 250 words
stops being a quick favour to answer. A call script holds branches the user
will never all say, so its ceiling only catches runaway text.
"""

from __future__ import annotations

from nextround.domain.model import Channel

LINKEDIN_MAX_CHARS = 300
VOICEMAIL_MAX_WORDS = 80
EMAIL_MAX_WORDS = 250
CALL_MAX_WORDS = 700
UNKNOWN_MAX_WORDS = 400


def word_count(text: str) -> int:
    """Words as a reader (or a listener) counts them: runs of non-space."""
    return len(text.split())


def overflow(channel: Channel | None, body: str) -> str | None:
    """Why ``body`` is too long for ``channel``, or None when it fits."""
    if channel is Channel.LINKEDIN:
        if len(body) > LINKEDIN_MAX_CHARS:
            return (
                f"a LinkedIn message must fit in {LINKEDIN_MAX_CHARS} characters; "
                f"this one has {len(body)} (cut {len(body) - LINKEDIN_MAX_CHARS})"
            )
        return None
    what, limit = _WORD_LIMITS[channel]
    words = word_count(body)
    if words > limit:
        return f"{what} should stay within {limit} words; this one has {words}"
    return None


_WORD_LIMITS: dict[Channel | None, tuple[str, int]] = {
    Channel.VOICEMAIL: ("a voicemail", VOICEMAIL_MAX_WORDS),
    Channel.EMAIL: ("an email", EMAIL_MAX_WORDS),
    Channel.CALL: ("a call script", CALL_MAX_WORDS),
    None: ("a message", UNKNOWN_MAX_WORDS),
}
