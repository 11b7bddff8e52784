"""The calendar's side of the database: what was exported, and invitations imported."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from nextround.domain.errors import NotFound
from nextround.domain.events import StoredEvent
from nextround.store.tables import CalendarEventRow, InterviewInvitationRow, InterviewRow


class CalendarStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def stored_events(self) -> list[StoredEvent]:
        rows = self.session.scalars(select(CalendarEventRow).order_by(CalendarEventRow.uid))
        return [
            StoredEvent(
                uid=r.uid,
                content_hash=r.content_hash,
                sequence=r.sequence,
                cancelled=r.cancelled,
                title=r.title,
                starts_at=r.starts_at,
                all_day=r.all_day,
                changed_at=r.changed_at,
            )
            for r in rows
        ]

    def save_events(self, save: tuple[StoredEvent, ...], forget: tuple[str, ...]) -> None:
        for event in save:
            row = self.session.get(CalendarEventRow, event.uid)
            if row is None:
                row = CalendarEventRow(uid=event.uid)
                self.session.add(row)
            row.content_hash, row.sequence = event.content_hash, event.sequence
            row.cancelled, row.title = event.cancelled, event.title
            row.starts_at, row.all_day = event.starts_at, event.all_day
            row.changed_at = event.changed_at
        if forget:
            self.session.execute(
                delete(CalendarEventRow).where(CalendarEventRow.uid.in_(list(forget)))
            )
        self.session.flush()

    # -- invitations ----------------------------------------------------------
    def invitation(self, uid: str) -> tuple[int, int] | None:
        """(interview id, SEQUENCE) of an invitation already recorded, if it was."""
        row = self.session.get(InterviewInvitationRow, uid)
        return (row.interview_id, row.sequence) if row else None

    def record_invitation(
        self, uid: str, *, interview_id: int, sequence: int, now: datetime
    ) -> None:
        row = self.session.get(InterviewInvitationRow, uid)
        if row is None:
            row = InterviewInvitationRow(uid=uid, interview_id=interview_id)
            self.session.add(row)
        row.sequence, row.imported_at = sequence, now
        self.session.flush()

    def reschedule(self, interview_id: int, *, when: datetime) -> None:
        row = self.session.get(InterviewRow, interview_id)
        if row is None:
            raise NotFound("interview", interview_id)
        row.at = when

    def cancel_interview(self, interview_id: int) -> None:
        """Remove an interview whose invitation was cancelled (its people stay contacts;
        the invitation's record goes with it)."""
        if self.session.get(InterviewRow, interview_id) is None:
            raise NotFound("interview", interview_id)
        self.session.flush()
        self.session.execute(delete(InterviewRow).where(InterviewRow.id == interview_id))
        self.session.expire_all()
