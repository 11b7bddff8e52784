"""Praise is a strength, not a gap: a theme the reply names only in praise is not among
the reply's themes, and each sentence's note leads with its own strongest theme (the
lesson it becomes is filed under that one)."""

from __future__ import annotations

from nextround.analysis.judge import default_judge
from nextround.demo import ACTIONABLE_REPLY
from nextround.domain.lessons import points_from_reply
from nextround.domain.model import Polarity
from nextround.domain.themes import Theme

CARE_HOME = """\
Hello Morgan, of course. Your rapport with the residents during the shadow shift was
lovely, and the manager said so twice. Where you fell short was the care-planning
software: you had not used an electronic care record before and struggled with the
medication charts on it. Kind regards, Irene
"""


def test_the_demo_reply_is_a_technical_gap_with_a_communication_strength() -> None:
    judged = default_judge().judge_reply(ACTIONABLE_REPLY)
    assert judged.themes[0] is Theme.TECHNICAL_SKILLS
    assert Theme.COMMUNICATION not in judged.themes  # only praised
    window = next(n for n in judged.notes if "window functions" in n.sentence)
    assert window.themes[0] is Theme.TECHNICAL_SKILLS and not window.strength
    praised = next(n for n in judged.notes if "very clear" in n.sentence)
    assert praised.strength and praised.themes == (Theme.COMMUNICATION,)
    points = points_from_reply(notes=judged.notes, themes=judged.themes, evidence=judged.evidence)
    gaps = {p.theme for p in points if p.polarity is Polarity.WEAKNESS}
    strengths = {p.theme for p in points if p.polarity is Polarity.STRENGTH}
    assert Theme.TECHNICAL_SKILLS in gaps and Theme.COMMUNICATION not in gaps
    assert strengths == {Theme.COMMUNICATION}


def test_a_gap_beside_warm_praise_keeps_only_the_gap_as_a_theme() -> None:
    judged = default_judge().judge_reply(CARE_HOME)
    assert judged.category.value == "actionable"
    assert Theme.TECHNICAL_SKILLS in judged.themes
    assert Theme.COMMUNICATION not in judged.themes
    for note in judged.notes:
        if note.themes and not note.strength:
            assert note.themes[0] is Theme.TECHNICAL_SKILLS
