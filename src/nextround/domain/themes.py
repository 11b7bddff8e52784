"""The one theme taxonomy used by analysis, lessons, self-assessment and insights."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from nextround.domain.errors import InvalidInput


class Theme(StrEnum):
    TECHNICAL_SKILLS = "technical_skills"
    DOMAIN_EXPERIENCE = "domain_experience"
    PROBLEM_SOLVING = "problem_solving"
    COMMUNICATION = "communication"
    CULTURE_FIT = "culture_fit"
    MOTIVATION = "motivation"
    LEADERSHIP = "leadership"
    PREPARATION = "preparation"
    SENIORITY = "seniority"
    LOGISTICS = "logistics"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")

    @property
    def covers(self) -> str:
        return THEME_COVERS[self]

    @property
    def feedback_phrase(self) -> str:
        """What feedback on this theme is about, in the user's voice ("feedback on ...")."""
        return THEME_PHRASES[self]


THEME_COVERS: dict[Theme, str] = {
    Theme.TECHNICAL_SKILLS: "tools, languages, coding, system design, hands-on depth",
    Theme.DOMAIN_EXPERIENCE: "industry or domain knowledge, years or kind of experience",
    Theme.PROBLEM_SOLVING: "structure and reasoning in cases, exercises, questions",
    Theme.COMMUNICATION: "clarity, concision, listening, structure of answers",
    Theme.CULTURE_FIT: "values, team fit, attitude, working style",
    Theme.MOTIVATION: "interest in the role or company, enthusiasm",
    Theme.LEADERSHIP: "ownership, influence, managing people",
    Theme.PREPARATION: "company research, role understanding, examples ready",
    Theme.SENIORITY: "level mismatch, over- or under-qualified",
    Theme.LOGISTICS: "salary, location, availability, notice, visa",
}


THEME_PHRASES: dict[Theme, str] = {
    Theme.TECHNICAL_SKILLS: "my technical skills",
    Theme.DOMAIN_EXPERIENCE: "my experience in the field",
    Theme.PROBLEM_SOLVING: "how I approached the problems",
    Theme.COMMUNICATION: "how I communicated my answers",
    Theme.CULTURE_FIT: "how I would fit with the team",
    Theme.MOTIVATION: "how my motivation came across",
    Theme.LEADERSHIP: "my leadership and ownership",
    Theme.PREPARATION: "how I prepared for the interview",
    Theme.SENIORITY: "the level I interviewed at",
    Theme.LOGISTICS: "the practical side of the role",
}


def feedback_subject(themes: Sequence[Theme]) -> str:
    """A short phrase naming what the feedback covered, from its first two themes."""
    phrases = [t.feedback_phrase for t in dict.fromkeys(themes)][:2]
    return " and ".join(phrases)


def parse_theme(text: str) -> Theme:
    """Read a theme name as a user types it (case, spaces and dashes forgiven)."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return Theme(key)
    except ValueError:
        names = ", ".join(t.value for t in Theme)
        raise InvalidInput(f"unknown theme {text!r}; choose one of: {names}") from None


def parse_rating(text: str) -> tuple[Theme, int]:
    """Read a self-assessment item ``theme=N`` with N from 1 (weak) to 5 (strong)."""
    name, sep, value = text.partition("=")
    if not sep:
        raise InvalidInput(f"self-assessment {text!r} should look like theme=4")
    theme = parse_theme(name)
    try:
        rating = int(value.strip())
    except ValueError:
        raise InvalidInput(f"rating for {theme.value} must be a whole number 1-5") from None
    if not 1 <= rating <= 5:
        raise InvalidInput(f"rating for {theme.value} must be between 1 and 5, not {rating}")
    return theme, rating
