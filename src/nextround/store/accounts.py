"""The account tables of a multi-user server: users and their signed-in sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from nextround.domain.accounts import DraftComment, LessonComment, Role, Share, User
from nextround.domain.cohort import CohortTheme
from nextround.domain.errors import InvalidInput, NotFound
from nextround.domain.themes import Theme
from nextround.store.tables import (
    CoachShareRow,
    DraftCommentRow,
    LessonCommentRow,
    UserRow,
    WebSessionRow,
)


def _user(row: UserRow) -> User:
    return User(
        id=row.id,
        email=row.email,
        role=Role(row.role),
        disabled=row.disabled,
        created_at=row.created_at,
    )


class AccountStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, email: str) -> UserRow:
        row = self.session.scalar(select(UserRow).where(UserRow.email == email))
        if row is None:
            raise InvalidInput(f"no user {email}")
        return row

    def add_user(self, *, email: str, role: Role, password_hash: str, now: datetime) -> User:
        if self.session.scalar(select(UserRow.id).where(UserRow.email == email)) is not None:
            raise InvalidInput(f"there is already a user {email}")
        row = UserRow(
            email=email,
            role=role.value,
            password_hash=password_hash,
            disabled=False,
            failed_signins=0,
            created_at=now,
        )
        self.session.add(row)
        self.session.flush()
        return _user(row)

    def any_user(self) -> bool:
        return self.session.scalar(select(UserRow.id).limit(1)) is not None

    def users(self) -> list[User]:
        return [_user(r) for r in self.session.scalars(select(UserRow).order_by(UserRow.email))]

    def user(self, email: str) -> User:
        return _user(self._row(email))

    def find_for_signin(self, email: str) -> tuple[User, str, int, datetime | None] | None:
        """A user with their hash and failed sign-ins, locked for the update, or None."""
        row = self.session.scalar(select(UserRow).where(UserRow.email == email).with_for_update())
        if row is None:
            return None
        return _user(row), row.password_hash, row.failed_signins, row.last_failed_at

    def set_disabled(self, email: str, *, disabled: bool) -> User:
        row = self._row(email)
        row.disabled = disabled
        return _user(row)

    def set_password_hash(self, email: str, password_hash: str) -> User:
        row = self._row(email)
        row.password_hash = password_hash
        row.failed_signins = 0
        row.last_failed_at = None
        return _user(row)

    def note_failure(self, user_id: int, *, now: datetime) -> int:
        row = self.session.get(UserRow, user_id)
        assert row is not None
        row.failed_signins += 1
        row.last_failed_at = now
        return row.failed_signins

    def clear_failures(self, user_id: int) -> None:
        row = self.session.get(UserRow, user_id)
        assert row is not None
        row.failed_signins = 0
        row.last_failed_at = None

    # -- sessions -----------------------------------------------------------------
    def add_session(self, *, id_hash: str, user_id: int, now: datetime, expires: datetime) -> None:
        self.session.add(
            WebSessionRow(id_hash=id_hash, user_id=user_id, created_at=now, expires_at=expires)
        )

    def session_user(self, id_hash: str, *, now: datetime) -> User | None:
        """The user of a session that has not expired, if they are still enabled."""
        row = self.session.scalar(
            select(UserRow)
            .join(WebSessionRow, WebSessionRow.user_id == UserRow.id)
            .where(WebSessionRow.id_hash == id_hash, WebSessionRow.expires_at > now)
        )
        if row is None or row.disabled:
            return None
        return _user(row)

    def end_session(self, id_hash: str) -> None:
        self.session.execute(delete(WebSessionRow).where(WebSessionRow.id_hash == id_hash))

    def end_sessions_of(self, user_id: int) -> int:
        done = self.session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == user_id))
        return int(getattr(done, "rowcount", 0) or 0)

    def end_expired_sessions(self, *, now: datetime) -> None:
        self.session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at <= now))

    # -- coaches, with consent -----------------------------------------------------
    def user_by_id(self, user_id: int) -> User | None:
        row = self.session.get(UserRow, user_id)
        return _user(row) if row is not None else None

    def add_share(self, *, student_id: int, coach_id: int, now: datetime) -> bool:
        """Let the coach read the student's work; False when they already could."""
        if self.session.get(CoachShareRow, (student_id, coach_id)) is not None:
            return False
        self.session.add(CoachShareRow(student_id=student_id, coach_id=coach_id, created_at=now))
        self.session.flush()
        return True

    def end_share(self, *, student_id: int, coach_id: int) -> bool:
        """Take the coach's access away at once; False when there was none."""
        done = self.session.execute(
            delete(CoachShareRow).where(
                CoachShareRow.student_id == student_id, CoachShareRow.coach_id == coach_id
            )
        )
        return bool(getattr(done, "rowcount", 0))

    def cohort(self) -> tuple[int, list[CohortTheme]]:
        """The signed-in coach's or administrator's cohort, counts only (PostgreSQL, 0012).

        The SQL functions read whose cohort it is from the transaction's user
        (``nextround.user_id``), not from an argument, and return numbers only.
        """
        size = int(self.session.scalar(text("SELECT nextround_cohort_size()")) or 0)
        rows = self.session.execute(
            text(
                "SELECT theme, students, weaknesses, open_weaknesses, strengths "
                "FROM nextround_cohort_themes()"
            )
        ).all()
        known = {t.value for t in Theme}
        themes = [
            CohortTheme(
                theme=Theme(r.theme),
                students=int(r.students),
                weaknesses=int(r.weaknesses),
                open_weaknesses=int(r.open_weaknesses),
                strengths=int(r.strengths),
            )
            for r in rows
            if r.theme in known
        ]
        return size, themes

    def shared(self, *, student_id: int, coach_id: int) -> bool:
        """Whether the student lets this coach read their work now (both accounts enabled)."""
        student, coach = aliased(UserRow), aliased(UserRow)
        found = self.session.scalar(
            select(CoachShareRow.coach_id)
            .join(student, student.id == CoachShareRow.student_id)
            .join(coach, coach.id == CoachShareRow.coach_id)
            .where(
                CoachShareRow.student_id == student_id,
                CoachShareRow.coach_id == coach_id,
                student.disabled.is_(False),
                coach.disabled.is_(False),
            )
        )
        return found is not None

    def shares(self, *, student_id: int | None = None, coach_id: int | None = None) -> list[Share]:
        """The shares of a student, or of a coach (or every one), oldest first."""
        student, coach = aliased(UserRow), aliased(UserRow)
        query = (
            select(CoachShareRow, student, coach)
            .join(student, student.id == CoachShareRow.student_id)
            .join(coach, coach.id == CoachShareRow.coach_id)
            .order_by(CoachShareRow.created_at, student.email, coach.email)
        )
        if student_id is not None:
            query = query.where(CoachShareRow.student_id == student_id)
        if coach_id is not None:
            query = query.where(CoachShareRow.coach_id == coach_id)
        return [
            Share(student=_user(s), coach=_user(c), since=row.created_at)
            for row, s, c in self.session.execute(query).all()
        ]

    # -- coaches' comments on lessons --------------------------------------------------
    def add_comment(
        self, *, owner_id: int, coach_id: int, lesson_id: int, text: str, now: datetime
    ) -> int:
        row = LessonCommentRow(
            owner_id=owner_id, coach_id=coach_id, lesson_id=lesson_id, text=text, created_at=now
        )
        self.session.add(row)
        try:
            self.session.flush()
        except IntegrityError:  # the student deleted the lesson a moment ago
            raise NotFound("lesson", lesson_id) from None
        return row.id

    def comments(self, *, owner_id: int | None, lesson_ids: list[int]) -> list[LessonComment]:
        """Coaches' comments on these lessons of ``owner_id``, oldest first."""
        if owner_id is None or not lesson_ids:
            return []
        query = (
            select(LessonCommentRow, UserRow.email)
            .join(UserRow, UserRow.id == LessonCommentRow.coach_id)
            .where(
                LessonCommentRow.owner_id == owner_id,
                LessonCommentRow.lesson_id.in_(lesson_ids),
            )
            .order_by(LessonCommentRow.created_at, LessonCommentRow.id)
        )
        return [
            LessonComment(
                id=row.id,
                lesson_id=row.lesson_id,
                coach_email=email,
                text=row.text,
                at=row.created_at,
            )
            for row, email in self.session.execute(query).all()
        ]

    # -- coaches' comments on drafts -----------------------------------------------------
    def add_draft_comment(
        self, *, owner_id: int, coach_id: int, thread_id: int, step: str, text: str, now: datetime
    ) -> int:
        row = DraftCommentRow(
            owner_id=owner_id,
            coach_id=coach_id,
            thread_id=thread_id,
            step=step,
            text=text,
            created_at=now,
        )
        self.session.add(row)
        try:
            self.session.flush()
        except IntegrityError:  # the student deleted the application a moment ago
            raise NotFound("feedback thread", thread_id) from None
        return row.id

    def draft_comments(self, *, owner_id: int | None, thread_ids: list[int]) -> list[DraftComment]:
        """Coaches' comments on the drafts of these threads of ``owner_id``, oldest first."""
        if owner_id is None or not thread_ids:
            return []
        query = (
            select(DraftCommentRow, UserRow.email)
            .join(UserRow, UserRow.id == DraftCommentRow.coach_id)
            .where(
                DraftCommentRow.owner_id == owner_id,
                DraftCommentRow.thread_id.in_(thread_ids),
            )
            .order_by(DraftCommentRow.created_at, DraftCommentRow.id)
        )
        return [
            DraftComment(
                id=row.id,
                thread_id=row.thread_id,
                step=row.step,
                coach_email=email,
                text=row.text,
                at=row.created_at,
            )
            for row, email in self.session.execute(query).all()
        ]
