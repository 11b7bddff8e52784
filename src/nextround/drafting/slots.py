"""The values that fill template placeholders, sized to fit a channel.

A draft is first composed at full size; when it overflows its channel
(LinkedIn's 300 characters, a voicemail's 80 words) it is recomposed at the
next :data:`LEVELS` entry, which trades detail for room in the order a reader
would least miss it: the date, then the long talking point, then qualifiers
on the role, then the company, and last the user's surname.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from nextround.domain.model import Channel
from nextround.drafting.context import DraftContext
from nextround.drafting.text import (
    clip_words,
    day_and_month,
    embed,
    first_name,
    short_company,
    short_role,
    significant_words,
    their_view,
    tidy,
    words_needed,
)

# No talking point recorded: rather than invent one, leave a slot the user
# must fill; the linter flags it (``unfilled_slot``) until they do.
NO_POINT = "[something specific we talked about]"
NO_GAP = "the points you raised"


@dataclass(frozen=True)
class Sizing:
    """How much of each input a draft may spend; None means all of it."""

    point_chars: int | None = None
    shortest_point: bool = False
    role_chars: int | None = None
    trim: bool = False  # role without qualifiers, company without "Ltd"
    company_chars: int | None = None
    with_company: bool = True
    with_date: bool = True
    detail_chars: int | None = None
    with_gap: bool = True  # when tight, the evidence matters more than restating the gap
    full_user_name: bool = True
    shortest_wording: bool = False  # last resort: the shortest phrasing of every sentence


_TIGHT = Sizing(shortest_point=True, trim=True, with_date=False)

LEVELS: tuple[Sizing, ...] = (
    Sizing(),
    replace(_TIGHT, detail_chars=140),
    replace(_TIGHT, point_chars=70, role_chars=40, company_chars=30, detail_chars=90),
    replace(_TIGHT, point_chars=45, role_chars=30, with_company=False, detail_chars=60),
    replace(
        _TIGHT,
        point_chars=30,
        role_chars=22,
        with_company=False,
        detail_chars=60,
        with_gap=False,
    ),
    replace(
        _TIGHT,
        point_chars=20,
        role_chars=16,
        with_company=False,
        detail_chars=35,
        with_gap=False,
    ),
    replace(
        _TIGHT,
        point_chars=20,
        role_chars=16,
        with_company=False,
        detail_chars=24,
        with_gap=False,
        full_user_name=False,
    ),
    replace(
        _TIGHT,
        point_chars=20,
        role_chars=16,
        with_company=False,
        detail_chars=24,
        with_gap=False,
        full_user_name=False,
        shortest_wording=True,
    ),
)

# LinkedIn drafts start without the date and the legal suffixes, voicemails
# shorter still: nobody says "Acme Widgets Holdings Ltd." into a voicemail,
# and a listener cannot hold a forty-word talking point.
FIRST_LEVEL = {Channel.EMAIL: 0, Channel.CALL: 0, Channel.LINKEDIN: 1, Channel.VOICEMAIL: 2}


def fill(ctx: DraftContext, size: Sizing) -> dict[str, str]:
    """The placeholders every template may use, from ``ctx`` at ``size``."""
    role = _role(ctx.role, size)
    company = _company(ctx.company, size)
    stage = tidy(ctx.interview_stage)
    interview = stage if "interview" in stage.lower() else f"{stage} interview".strip()
    user = tidy(ctx.user_name)
    gap = _detail(ctx.gap, size) if size.with_gap else ""
    return {
        "user": user if size.full_user_name else first_name(user),
        "first": first_name(ctx.interviewer_name),
        "to_first": f", {first_name(ctx.interviewer_name)}" if tidy(ctx.interviewer_name) else "",
        # at the tightest size a formal greeting drops to the first name as well
        "iname": tidy(ctx.interviewer_name)
        if size.full_user_name
        else first_name(ctx.interviewer_name),
        "role": role or "job",  # "the job interview" when no role was given
        "role_phrase": _role_phrase(role, "role"),
        "position_phrase": _role_phrase(role, "position"),
        "at_company": f" at {company}" if company else "",
        "when": _when(ctx, size),
        "interview": embed(interview),
        # after a screening rejection there was no interview to speak of
        "occasion": "interview" if _interviewed(ctx) else "application",
        "point": _point(ctx.talking_points, size, ctx.company),
        "gap": gap or NO_GAP,
        "gap_on": f" on {gap}" if gap else "",
        "gap_subject": clip_words(embed(ctx.gap), 40) or f"the {role or 'job'} interview",
        "phone": tidy(ctx.user_phone),
        "email": tidy(ctx.user_email),
    }


def _interviewed(ctx: DraftContext) -> bool:
    return bool(tidy(ctx.interview_stage) or ctx.interview_date or ctx.talking_points)


def _role(role: str, size: Sizing) -> str:
    """The role whole, or without its qualifiers when tight; never cut inside its name."""
    return short_role(role) if size.trim else tidy(role)


def _company(company: str, size: Sizing) -> str:
    """The company as the draft can afford it: in full, without "Ltd", clipped, or not at all."""
    if not size.with_company:
        return ""
    if not size.trim:
        return tidy(company)
    short = short_company(company)
    # a name is said whole or not at all: "at Acme" or nothing, never "at Acme Wid"
    return short if size.company_chars is None or len(short) <= size.company_chars else ""


def _role_phrase(role: str, noun: str) -> str:
    """Say "the Data Engineer role", without doubling a role that already says "role"."""
    if not role:
        return f"the {noun}"
    last = role.split()[-1].lower()
    return f"the {role}" if last in {"role", "position", "job"} else f"the {role} {noun}"


def _when(ctx: DraftContext, size: Sizing) -> str:
    if ctx.interview_date is None or not size.with_date:
        return ""
    return f" on {day_and_month(ctx.interview_date)}"


def _point(points: tuple[str, ...], size: Sizing, company: str = "") -> str:
    """The talking point to name: the first the user listed, or the shortest when tight.

    Points without a single meaningful word are skipped, since the interviewer
    could not recognise them either.
    """
    usable = [p for p in (tidy(p) for p in points) if significant_words(p)]
    if not usable:
        return NO_POINT
    chosen = min(usable, key=len) if size.shortest_point else usable[0]
    chosen = their_view(chosen, company)
    needed = words_needed(len(set(significant_words(chosen))))
    return embed(clip_words(chosen, size.point_chars, min_significant=needed, whole_phrases=True))


def _detail(text: str, size: Sizing) -> str:
    """A gap or piece of evidence, shortened but never below two meaningful words."""
    text = tidy(text)
    if not text:
        return ""
    return embed(clip_words(text, size.detail_chars, min_significant=2))
