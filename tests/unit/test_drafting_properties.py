"""Properties that must hold for any input: the linter never breaks, drafts always fit."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nextround.domain.model import Channel, Tone, Vagueness
from nextround.drafting import DraftContext, Step, draft, lint_draft
from nextround.drafting.limits import LINKEDIN_MAX_CHARS, VOICEMAIL_MAX_WORDS
from nextround.drafting.linter import REQUIRED
from nextround.drafting.text import short_role, significant_words, tidy

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Names as people write them: each part capitalised, Latin letters with accents ("Zoë Ñúñez").
_initial = st.characters(categories=["Lu"], max_codepoint=0x24F)
_rest = st.text(st.characters(categories=["Ll"], max_codepoint=0x24F), max_size=11)
_word = st.builds(lambda first, rest: first + rest, _initial, _rest)
_name = st.lists(_word, min_size=1, max_size=3).map(" ".join)
_phrase = st.lists(
    st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=14), max_size=12
).map(" ".join)


@FAST
@given(
    text=st.text(),
    points=st.lists(st.text(max_size=80), max_size=3),
    step=st.sampled_from(Step),
    channel=st.none() | st.sampled_from(Channel),
)
def test_the_linter_never_crashes_and_scores_within_bounds(
    text: str, points: list[str], step: Step, channel: Channel | None
) -> None:
    report = lint_draft(text, talking_points=points, step=step, channel=channel)
    assert 0 <= report.score <= 100
    assert report.ok == (not report.missing and not report.flags)
    assert set(report.missing) <= set(REQUIRED[step])
    assert not set(report.missing) & set(report.present)
    assert report.details  # always at least one line, even when all is well
    assert report.to_json()["ok"] is report.ok


@FAST
@given(
    text=st.text(alphabet=st.sampled_from("Hi, thanks! Best ?\n—“”'\"[]:Sam")),
    step=st.sampled_from(Step),
)
def test_the_linter_survives_punctuation_soup(text: str, step: Step) -> None:
    assert 0 <= lint_draft(text, step=step).score <= 100


@FAST
@given(
    user=_name,
    interviewer=st.just("") | _name,
    company=_phrase.filter(str.strip),
    role=_phrase.filter(str.strip),
    points=st.lists(_phrase, max_size=3),
    step=st.sampled_from(Step),
    tone=st.sampled_from(Tone),
    vagueness=st.none() | st.sampled_from(Vagueness),
    gap=_phrase,
)
def test_short_channels_fit_or_say_so_without_cutting_a_name(
    user: str,
    interviewer: str,
    company: str,
    role: str,
    points: list[str],
    step: Step,
    tone: Tone,
    vagueness: Vagueness | None,
    gap: str,
) -> None:
    ctx = DraftContext(
        user_name=user,
        interviewer_name=interviewer,
        company=company,
        role=role,
        talking_points=tuple(points),
        vagueness=vagueness,
        gap=gap,
        evidence="ran the staging cluster for a year",
    )
    for channel in (Channel.LINKEDIN, Channel.VOICEMAIL):
        d = draft(step, channel, tone, ctx)
        fits = (
            len(d.body) <= LINKEDIN_MAX_CHARS
            if channel is Channel.LINKEDIN
            else len(d.body.split()) <= VOICEMAIL_MAX_WORDS
        )
        if not fits:  # a role too long to say whole: kept whole, and the linter says so
            assert short_role(role) in d.body or step is not Step.REQUEST, d.body
            assert "too_long" in lint_draft(d.text, step=step, channel=channel).flags


@FAST
@given(
    user=_name,
    interviewer=_name,
    points=st.lists(_phrase, min_size=1, max_size=3),
    channel=st.sampled_from(Channel),
    tone=st.sampled_from(Tone),
)
def test_any_request_passes_its_linter(
    user: str, interviewer: str, points: list[str], channel: Channel, tone: Tone
) -> None:
    ctx = DraftContext(
        user_name=user,
        interviewer_name=interviewer,
        company="Acme",
        role="Analyst",
        talking_points=tuple(points),
    )
    d = draft(Step.REQUEST, channel, tone, ctx)
    report = lint_draft(d.text, talking_points=points, step=Step.REQUEST, channel=channel)
    if not any(significant_words(p) for p in points):  # nothing to name: a marked slot
        assert report.flags == ("unfilled_slot",), (report.details, d.text)
        return
    if report.flags == ("too_long",):  # a point with no phrase to cut at is kept whole
        assert not report.missing and any(tidy(p) in d.text for p in points), d.text
        return
    assert report.ok, (report.details, d.text)
