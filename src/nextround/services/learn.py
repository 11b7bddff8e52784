"""Lessons: feedback turned into something to practise, and its status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from nextround.domain.errors import InvalidInput
from nextround.domain.model import Lesson, LessonStatus, MessageKind, Polarity
from nextround.domain.themes import Theme
from nextround.store import Database


@dataclass(frozen=True, slots=True)
class LessonSuggestion:
    theme: Theme
    polarity: Polarity
    statement: str
    evidence: str


def suggest_lessons(analysis: dict[str, object]) -> list[LessonSuggestion]:
    """The lessons a judged reply carries: a weakness per theme it names, and the
    strengths it praises, each quoting the sentences that say so."""
    if analysis.get("category") != "actionable":
        return []
    themes = [Theme(str(t)) for t in _as_list(analysis.get("themes"))]
    evidence = [str(e) for e in _as_list(analysis.get("evidence"))]
    notes = [n for n in _as_list(analysis.get("notes")) if isinstance(n, dict)]
    quotes: dict[tuple[Theme, Polarity], list[str]] = {}
    for note in notes:
        polarity = Polarity.STRENGTH if note.get("strength") else Polarity.WEAKNESS
        for name in _as_list(note.get("themes")):
            quotes.setdefault((Theme(str(name)), polarity), []).append(str(note["sentence"]))
    for theme in themes:  # every named theme is a weakness, with or without notes
        quotes.setdefault((theme, Polarity.WEAKNESS), list(evidence))
    return [
        LessonSuggestion(
            theme=theme,
            polarity=polarity,
            statement=_statement(theme, polarity, said),
            evidence=" ".join(dict.fromkeys(said)),
        )
        for (theme, polarity), said in quotes.items()
    ]


def _statement(theme: Theme, polarity: Polarity, evidence: list[str]) -> str:
    lead = "Keep" if polarity is Polarity.STRENGTH else "Work on"
    if not evidence:
        return f"{lead} {theme.label}"
    return f"{lead} {theme.label}: {evidence[0].rstrip(' ;:,')}"


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def keep_lessons_from_reply(
    *,
    db: Database,
    message_id: int,
    theme: Theme | None = None,
    polarity: Polarity | None = None,
    statement: str | None = None,
    evidence: str | None = None,
    now: datetime,
) -> list[Lesson]:
    """Keep the lessons a reply carries, with any of the user's edits applied.

    With ``theme`` given, one lesson on that theme is kept; otherwise one per
    theme the (possibly corrected) judgement names.
    """
    with db.unit() as repo:
        message = repo.message(message_id)
        if message.kind is not MessageKind.REPLY:
            raise InvalidInput(f"message #{message_id} is not a reply; lessons come from replies")
        view = dict(message.analysis or {})
        view.update(message.correction or {})
        suggestions = suggest_lessons(view)
        if theme is not None:
            base = next((s for s in suggestions if s.theme is theme), None)
            quote = " ".join(str(e) for e in _as_list(view.get("evidence")))
            suggestions = [
                base
                or LessonSuggestion(
                    theme=theme,
                    polarity=polarity or Polarity.WEAKNESS,
                    statement=f"Work on {theme.label}",
                    evidence=quote,
                )
            ]
        if not suggestions:
            raise InvalidInput(
                f"reply #{message_id} names no concrete theme; pass --theme to keep a lesson anyway"
            )
        kept = []
        for s in suggestions:
            lesson = Lesson(
                id=None,
                theme=s.theme,
                polarity=polarity or s.polarity,
                statement=_text(statement, what="statement") if statement else s.statement,
                evidence=evidence.strip() if evidence is not None else s.evidence,
                application_id=message.application_id,
                message_id=message.id,
            )
            if evidence is not None:  # the user's own quote must be the reply's words
                _check_evidence(lesson.evidence, message.text)
            kept.append(repo.add_lesson(lesson, now=now))
        return kept


def _check_evidence(evidence: str, source: str) -> None:
    if evidence and " ".join(evidence.split()) not in " ".join(source.split()):
        raise InvalidInput("the evidence must be quoted from the reply, word for word")


def _text(value: str, *, what: str) -> str:
    cleaned = " ".join(value.split())
    if not cleaned:
        raise InvalidInput(f"the lesson's {what} must not be empty")
    if len(cleaned) > 2000:
        raise InvalidInput(f"the lesson's {what} is too long (at most 2000 characters)")
    return cleaned


def add_lesson(
    *,
    db: Database,
    theme: Theme,
    polarity: Polarity,
    statement: str,
    evidence: str = "",
    application_id: int | None = None,
    actions: Sequence[str] = (),
    now: datetime,
) -> Lesson:
    lesson = Lesson(
        id=None,
        theme=theme,
        polarity=polarity,
        statement=_text(statement, what="statement"),
        evidence=evidence.strip(),
        application_id=application_id,
        actions=[a.strip() for a in actions if a.strip()],
    )
    with db.unit() as repo:
        if application_id is not None:
            repo.application(application_id)
        return repo.add_lesson(lesson, now=now)


def edit_lesson(
    *,
    db: Database,
    lesson_id: int,
    theme: Theme | None = None,
    polarity: Polarity | None = None,
    statement: str | None = None,
    status: LessonStatus | None = None,
    add_actions: Sequence[str] = (),
) -> Lesson:
    with db.unit() as repo:
        lesson = repo.lesson(lesson_id)
        changed = replace(
            lesson,
            theme=theme or lesson.theme,
            polarity=polarity or lesson.polarity,
            statement=_text(statement, what="statement") if statement else lesson.statement,
            status=status or lesson.status,
            actions=[*lesson.actions, *(a.strip() for a in add_actions if a.strip())],
        )
        return repo.update_lesson(changed)


def delete_lesson(*, db: Database, lesson_id: int) -> None:
    with db.unit() as repo:
        repo.delete_lesson(lesson_id)


def list_lessons(*, db: Database, status: LessonStatus | None = None) -> list[Lesson]:
    with db.unit() as repo:
        lessons = repo.lessons()
    return [lesson for lesson in lessons if status is None or lesson.status is status]
