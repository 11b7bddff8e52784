"""Rows to domain objects and back. The domain never sees a row."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row

from nextround.domain.model import (
    Application,
    ApplicationStatus,
    Channel,
    Contact,
    Direction,
    Interview,
    Lesson,
    LessonStatus,
    Message,
    MessageKind,
    Polarity,
    Sighting,
    Transition,
)
from nextround.domain.themes import Theme
from nextround.domain.thread import FeedbackThread, ThreadState
from nextround.store.tables import (
    ApplicationRow,
    ContactRow,
    InterviewRow,
    LessonRow,
    MessageRow,
    ThreadRow,
    TransitionRow,
)


def application(row: ApplicationRow | Row[Any]) -> Application:
    return Application(
        id=row.id,
        company=row.company,
        role=row.role,
        source=row.source,
        status=ApplicationStatus(row.status),
        applied_on=row.applied_on,
        created_at=row.created_at,
        updated_at=row.updated_at,
        notes=row.notes,
        job_url=row.job_url or "",
        location=row.location or "",
        salary=row.salary or "",
    )


def contact(row: ContactRow) -> Contact:
    return Contact(
        id=row.id,
        name=row.name,
        company=row.company,
        title=row.title,
        email=row.email,
        phone=row.phone,
        linkedin=row.linkedin,
    )


def interview(row: InterviewRow, contact_ids: list[int]) -> Interview:
    return Interview(
        id=row.id,
        application_id=row.application_id,
        stage=row.stage,
        when=row.at,
        contact_ids=contact_ids,
        talking_points=[str(p) for p in row.talking_points],
        notes=row.notes,
        self_assessment={Theme(k): int(v) for k, v in row.self_assessment.items()},
    )


def message(row: MessageRow) -> Message:
    return Message(
        id=row.id,
        application_id=row.application_id,
        direction=Direction(row.direction),
        kind=MessageKind(row.kind),
        channel=Channel(row.channel),
        text=row.text,
        at=row.at,
        subject=row.subject,
        contact_id=row.contact_id,
        thread_id=row.thread_id,
        analysis=row.analysis,
        correction=row.correction,
    )


def transition(row: TransitionRow | Row[Any]) -> Transition:
    return Transition(
        event=row.event,
        from_state=row.from_state,
        to_state=row.to_state,
        at=row.at,
        message_id=row.message_id,
        note=row.note,
    )


def thread(row: ThreadRow | Row[Any], steps: Sequence[TransitionRow | Row[Any]]) -> FeedbackThread:
    return FeedbackThread(
        id=row.id,
        application_id=row.application_id,
        rejected_at=row.rejected_at,
        state=ThreadState(row.state),
        interview_id=row.interview_id,
        contact_id=row.contact_id,
        after_interview=row.after_interview,
        rejection_message_id=row.rejection_message_id,
        transitions=[transition(s) for s in steps],
    )


def lesson(row: LessonRow) -> Lesson:
    return Lesson(
        id=row.id,
        theme=Theme(row.theme),
        polarity=Polarity(row.polarity),
        statement=row.statement,
        status=LessonStatus(row.status),
        application_id=row.application_id,
        message_id=row.message_id,
        evidence=row.evidence,
        actions=[str(a) for a in row.actions],
        created_at=row.created_at,
        sightings=[sighting(s) for s in row.sightings or []],
    )


def sighting(data: dict[str, Any]) -> Sighting:
    """A sighting from its JSON form (also what a backup holds)."""
    return Sighting(
        message_id=data.get("message_id"),
        application_id=data.get("application_id"),
        evidence=str(data.get("evidence", "")),
        at=datetime.fromisoformat(str(data["at"])),
    )


def sighting_json(s: Sighting) -> dict[str, Any]:
    return {
        "message_id": s.message_id,
        "application_id": s.application_id,
        "evidence": s.evidence,
        "at": s.at.isoformat(),
    }
