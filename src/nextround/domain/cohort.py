"""A cohort seen by a coach or an administrator: how often each theme comes up, counts only.

No student is named and no text is quoted: for each theme, how many students
had it raised as a weakness, how many such lessons there are (and how many
are not resolved yet), and how many strengths. The themes raised most come
first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nextround.domain.themes import Theme


@dataclass(frozen=True, slots=True)
class CohortTheme:
    theme: Theme
    students: int  # students who had it raised as a weakness
    weaknesses: int
    open_weaknesses: int  # not resolved yet
    strengths: int


@dataclass(frozen=True, slots=True)
class Cohort:
    students: int
    themes: list[CohortTheme] = field(default_factory=list)


def cohort(students: int, themes: list[CohortTheme]) -> Cohort:
    """The cohort with the themes raised most first (by students, then lessons, then name)."""
    ranked = sorted(themes, key=lambda t: (-t.students, -t.weaknesses, -t.strengths, t.theme.value))
    return Cohort(students=students, themes=ranked)


__all__ = ["Cohort", "CohortTheme", "cohort"]
