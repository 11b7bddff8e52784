"""The calendar's side of the database: what was exported, and invitations imported.

On a multi-user server the store belongs to one user (``owner``): it reads and
writes only their rows, keyed by ``owned_key`` (their id in front of the UID), so
one person's export never sees, changes or cancels another's events.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session

from nextround.domain.errors import NotFound
from nextround.domain.events import StoredEvent
from nextround.store.repository import owned_key
from nextround.store.tables import CalendarEventRow, InterviewInvitationRow, InterviewRow

UID_CHARS = 500  # interview_invitations.uid


class CalendarStore:
    def __init__(self, session: Session, *, owner: int | None = None) -> None:
        self.session = session
        self.owner = owner

    def _key(self, uid: str) -> str:
        return owned_key(self.owner, uid)

    def _invitation_key(self, uid: str) -> str:
        """An invitation's UID as stored; one too long with its owner in front goes as its
        SHA-256 (invitations are only looked up by UID, never listed)."""
        key = self._key(uid)
        if len(key) <= UID_CHARS:
            return key
        return self._key("sha256:" + hashlib.sha256(uid.encode("utf-8")).hexdigest())

    def _mine(self, query: Select[Any]) -> Select[Any]:
        if self.owner is None:
            return query
        return query.where(CalendarEventRow.owner_id == self.owner)

    def stored_events(self) -> list[StoredEvent]:
        rows = self.session.scalars(
            self._mine(select(CalendarEventRow)).order_by(CalendarEventRow.uid)
        )
        mark = len(self._key(""))
        return [
            StoredEvent(
                uid=r.uid[mark:],
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
            row = self.session.get(CalendarEventRow, self._key(event.uid))
            if row is None:
                row = CalendarEventRow(uid=self._key(event.uid), owner_id=self.owner)
                self.session.add(row)
            row.content_hash, row.sequence = event.content_hash, event.sequence
            row.cancelled, row.title = event.cancelled, event.title
            row.starts_at, row.all_day = event.starts_at, event.all_day
            row.changed_at = event.changed_at
        if forget:
            self.session.execute(
                delete(CalendarEventRow).where(
                    CalendarEventRow.uid.in_([self._key(uid) for uid in forget])
                )
            )
        self.session.flush()

    # -- invitations ----------------------------------------------------------
    def invitation(self, uid: str) -> tuple[int, int] | None:
        """(interview id, SEQUENCE) of an invitation already recorded, if it was."""
        row = self.session.get(InterviewInvitationRow, self._invitation_key(uid))
        return (row.interview_id, row.sequence) if row else None

    def record_invitation(
        self, uid: str, *, interview_id: int, sequence: int, now: datetime
    ) -> None:
        key = self._invitation_key(uid)
        row = self.session.get(InterviewInvitationRow, key)
        if row is None:
            self._interview(interview_id)  # a new record may point only at this user's
            row = InterviewInvitationRow(uid=key, interview_id=interview_id, owner_id=self.owner)
            self.session.add(row)
        row.sequence, row.imported_at = sequence, now
        self.session.flush()

    def _interview(self, interview_id: int) -> InterviewRow:
        row = self.session.get(InterviewRow, interview_id)
        if row is None or (self.owner is not None and row.owner_id != self.owner):
            raise NotFound("interview", interview_id)
        return row

    def reschedule(self, interview_id: int, *, when: datetime) -> None:
        self._interview(interview_id).at = when

    def cancel_interview(self, interview_id: int) -> None:
        """Remove an interview whose invitation was cancelled (its people stay contacts;
        the invitation's record goes with it)."""
        self._interview(interview_id)
        self.session.flush()
        self.session.execute(delete(InterviewRow).where(InterviewRow.id == interview_id))
        self.session.expire_all()
