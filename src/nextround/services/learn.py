"""Lessons: feedback turned into something to practise, and its status."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from nextround.domain.errors import InvalidInput
from nextround.domain.lessons import (
    Point,
    check_status,
    initial_status,
    points_from_reply,
    same_point,
    sighting,
    statement_for,
    strengthen,
)
from nextround.domain.model import (
    EvidenceNote,
    Lesson,
    LessonStatus,
    Message,
    MessageKind,
    Polarity,
    Sighting,
)
from nextround.domain.themes import Theme
from nextround.store import Database, Repository


@dataclass(frozen=True, slots=True)
class ProposedPoint:
    """A feedback point as the user reviews it: numbered, and whether it is kept already."""

    number: int
    point: Point
    existing: Lesson | None  # the lesson saving it would strengthen


@dataclass(frozen=True, slots=True)
class PointChoice:
    """Keep point ``number``, with any of the user's edits."""

    number: int
    statement: str | None = None
    theme: Theme | None = None
    polarity: Polarity | None = None
    evidence: str | None = None


@dataclass(frozen=True, slots=True)
class KeptLesson:
    lesson: Lesson
    strengthened: bool  # the same point was kept before: this raised it again


def _notes(view: dict[str, object]) -> list[EvidenceNote]:
    notes = []
    for raw in _as_list(view.get("notes")):
        if not isinstance(raw, dict):
            continue
        themes = tuple(Theme(str(t)) for t in _as_list(raw.get("themes")))
        notes.append(
            EvidenceNote(
                sentence=str(raw.get("sentence", "")),
                themes=themes,
                strength=bool(raw.get("strength")),
            )
        )
    return notes


def points_of(view: dict[str, object]) -> list[Point]:
    """The points a judged reply (with the user's correction over it) carries."""
    if view.get("category") != "actionable":
        return []
    themes = [Theme(str(t)) for t in _as_list(view.get("themes"))]
    # the user corrected the themes: trust theirs over the judge's per-sentence notes
    corrected = "themes" in _as_list(view.get("_corrected"))
    notes = [] if corrected else _notes(view)
    evidence = [str(e) for e in _as_list(view.get("evidence"))]
    return points_from_reply(notes=notes, themes=themes, evidence=evidence)


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def _reply(repo: Repository, message_id: int) -> tuple[Message, dict[str, object]]:
    message = repo.message(message_id)
    if message.kind is not MessageKind.REPLY:
        raise InvalidInput(f"message #{message_id} is not a reply; lessons come from replies")
    view = dict(message.analysis or {})
    view.update(message.correction or {})
    view["_corrected"] = list((message.correction or {}).keys())
    return message, view


def review_reply(*, db: Database, message_id: int) -> list[ProposedPoint]:
    """The points a reply carries, for the user to review; nothing is saved."""
    with db.unit() as repo:
        _, view = _reply(repo, message_id)
        kept = repo.lessons()
    return [
        ProposedPoint(
            number=n, point=p, existing=same_point(kept, p.theme, p.polarity, p.statement)
        )
        for n, p in enumerate(points_of(view), start=1)
    ]


def keep_points(
    *,
    db: Database,
    message_id: int,
    choices: Sequence[PointChoice] | None = None,
    now: datetime,
) -> list[KeptLesson]:
    """Save the points the user reviewed: all as proposed (``choices`` None), or just
    the chosen ones with their edits. A point kept before is strengthened."""
    with db.unit() as repo:
        message, view = _reply(repo, message_id)
        proposed = points_of(view)
        if choices is None:
            choices = [PointChoice(number=n) for n in range(1, len(proposed) + 1)]
        if not proposed and not any(c.theme for c in choices):
            raise InvalidInput(
                f"reply #{message_id} names no concrete point; give a theme to keep one anyway"
            )
        kept = []
        for choice in choices:
            point = _chosen(proposed, choice, view)
            if choice.evidence is not None:  # the user's own quote must be the reply's words
                _check_evidence(point.quote, message.text)
            proposal = (
                proposed[choice.number - 1].statement if choice.number <= len(proposed) else ""
            )
            edited = choice.statement is not None and point.statement != proposal
            kept.append(_save(repo, message, point, edited=edited, now=now))
        return kept


def _chosen(proposed: list[Point], choice: PointChoice, view: dict[str, object]) -> Point:
    if 1 <= choice.number <= len(proposed):
        base = proposed[choice.number - 1]
    elif choice.theme is not None:  # a point the judge missed, named by the user
        quote = tuple(str(e) for e in _as_list(view.get("evidence")))
        polarity = choice.polarity or Polarity.WEAKNESS
        base = Point(choice.theme, polarity, statement_for(choice.theme, polarity), quote)
    else:
        raise InvalidInput(f"there is no point {choice.number}; the reply has {len(proposed)}")
    theme = choice.theme or base.theme
    polarity = choice.polarity or base.polarity
    statement = base.statement
    if choice.statement is not None:
        statement = _text(choice.statement, what="statement")
    elif (theme, polarity) != (base.theme, base.polarity):
        statement = statement_for(theme, polarity)
    evidence = base.evidence
    if choice.evidence is not None:
        evidence = (choice.evidence.strip(),) if choice.evidence.strip() else ()
    return replace(base, theme=theme, polarity=polarity, statement=statement, evidence=evidence)


def _save(
    repo: Repository, message: Message, point: Point, *, edited: bool, now: datetime
) -> KeptLesson:
    seen = sighting(
        message_id=message.id,
        application_id=message.application_id,
        evidence=point.quote,
        at=message.at,
    )
    existing = same_point(repo.lessons(), point.theme, point.polarity, point.statement)
    if existing is not None:
        again = any(s.message_id == message.id for s in existing.sightings)
        updated = strengthen(existing, seen)
        if again:  # the same reply reviewed again: the user's choices stand
            updated = replace(
                updated,
                theme=point.theme,
                statement=point.statement if edited else updated.statement,
            )
        elif edited:
            updated = replace(updated, statement=point.statement)
        return KeptLesson(repo.update_lesson(updated), strengthened=not again)
    lesson = Lesson(
        id=None,
        theme=point.theme,
        polarity=point.polarity,
        statement=point.statement,
        status=initial_status(point.polarity),
        evidence=point.quote,
        application_id=message.application_id,
        message_id=message.id,
        sightings=[seen],
    )
    return KeptLesson(repo.add_lesson(lesson, now=now), strengthened=False)


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
    """Keep a reply's points as proposed; with ``theme``, just the point on that theme
    (or a new one), with the user's edits. For callers that review elsewhere (the API)."""
    choices = None
    if theme is not None:
        proposed = review_reply(db=db, message_id=message_id)
        number = next((p.number for p in proposed if p.point.theme is theme), 0)
        choices = [
            PointChoice(
                number=number,
                theme=theme,
                polarity=polarity,
                statement=statement,
                evidence=evidence,
            )
        ]
    elif statement is not None or polarity is not None or evidence is not None:
        choices = [PointChoice(number=1, statement=statement, polarity=polarity, evidence=evidence)]
    kept = keep_points(db=db, message_id=message_id, choices=choices, now=now)
    return [k.lesson for k in kept]


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
        status=initial_status(polarity),
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
        new_polarity = polarity or lesson.polarity
        new_status = status or lesson.status
        if status is None and new_polarity is not lesson.polarity:
            new_status = initial_status(new_polarity)  # a weakness turned strength is kept
        check_status(new_polarity, new_status)
        changed = replace(
            lesson,
            theme=theme or lesson.theme,
            polarity=new_polarity,
            statement=_text(statement, what="statement") if statement else lesson.statement,
            status=new_status,
            actions=[*lesson.actions, *(a.strip() for a in add_actions if a.strip())],
        )
        return repo.update_lesson(changed)


UNDO_KEY = "deleted_lesson"  # the last lesson deleted, kept so the deletion can be undone


def delete_lesson(*, db: Database, lesson_id: int) -> None:
    """Delete a lesson; the last one deleted can be brought back with ``restore_lesson``."""
    with db.unit() as repo:
        lesson = repo.lesson(lesson_id)
        repo.delete_lesson(lesson_id)
        repo.set_meta(UNDO_KEY, json.dumps(_lesson_json(lesson)))


def deleted_lesson(*, db: Database) -> int | None:
    """The id of the lesson that ``restore_lesson`` would bring back, if any."""
    with db.unit() as repo:
        raw = repo.get_meta(UNDO_KEY)
    return int(json.loads(raw)["id"]) if raw else None


def restore_lesson(*, db: Database, lesson_id: int) -> Lesson:
    """Undo the last deletion: the lesson comes back as it was, with its id."""
    with db.unit() as repo:
        raw = repo.get_meta(UNDO_KEY)
        data = json.loads(raw) if raw else None
        if data is None or data["id"] != lesson_id:
            raise InvalidInput(
                f"lesson #{lesson_id} is not the last one deleted; it cannot be undone"
            )
        restored = repo.add_lesson(_lesson_from_json(data), now=datetime.fromisoformat(data["at"]))
        repo.set_meta(UNDO_KEY, "")
        return restored


def _lesson_json(lesson: Lesson) -> dict[str, object]:
    return {
        "id": lesson.id,
        "theme": lesson.theme.value,
        "polarity": lesson.polarity.value,
        "statement": lesson.statement,
        "status": lesson.status.value,
        "application_id": lesson.application_id,
        "message_id": lesson.message_id,
        "evidence": lesson.evidence,
        "actions": list(lesson.actions),
        "at": (lesson.created_at or datetime(2000, 1, 1)).isoformat(),
        "sightings": [
            {
                "message_id": s.message_id,
                "application_id": s.application_id,
                "evidence": s.evidence,
                "at": s.at.isoformat(),
            }
            for s in lesson.sightings
        ],
    }


def _lesson_from_json(data: dict[str, Any]) -> Lesson:
    return Lesson(
        id=int(data["id"]),
        theme=Theme(data["theme"]),
        polarity=Polarity(data["polarity"]),
        statement=str(data["statement"]),
        status=LessonStatus(data["status"]),
        application_id=data.get("application_id"),
        message_id=data.get("message_id"),
        evidence=str(data.get("evidence", "")),
        actions=[str(a) for a in data.get("actions", [])],
        created_at=datetime.fromisoformat(data["at"]),
        sightings=[
            Sighting(
                message_id=s.get("message_id"),
                application_id=s.get("application_id"),
                evidence=str(s.get("evidence", "")),
                at=datetime.fromisoformat(s["at"]),
            )
            for s in data.get("sightings", [])
        ],
    )


def list_lessons(*, db: Database, status: LessonStatus | None = None) -> list[Lesson]:
    with db.unit() as repo:
        lessons = repo.lessons()
    return [lesson for lesson in lessons if status is None or lesson.status is status]


def company_names(*, db: Database) -> dict[int, str]:
    """Each application's company, so a lesson can say where it came from."""
    with db.unit() as repo:
        return {a.id: a.company for a in repo.applications() if a.id is not None}
