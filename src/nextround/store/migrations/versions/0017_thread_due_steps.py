"""each open thread's next step, kept with the thread: when it falls due, optional or not

The home page shows the first few steps due (overdue first) and counts the
rest. Working that out from every open thread's history on each view cost
tens of milliseconds with a thousand open threads; with the due time stored
beside the thread (``threads.due_optional`` and ``threads.due_at``, indexed together)
the database filters, counts and sorts, and only the threads shown are read.
The repository writes both with every thread it stores
(``domain.agenda.step_due``); here they are filled in for the threads that
exist. Closed threads keep NULL.

Revision ID: 0017
Revises: 0016
"""

from datetime import datetime

import sqlalchemy as sa
from alembic import op

from nextround.domain.agenda import step_due
from nextround.domain.model import Transition
from nextround.domain.thread import CLOSED_STATES, FeedbackThread, ThreadState

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def _when(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def upgrade() -> None:
    with op.batch_alter_table("threads") as batch:
        batch.add_column(sa.Column("due_at", sa.DateTime(), nullable=True))
        batch.add_column(
            sa.Column("due_optional", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.create_index("ix_threads_due", ["due_optional", "due_at"])
    bind = op.get_bind()
    closed = [s.value for s in CLOSED_STATES]
    threads = bind.execute(
        sa.text(
            "SELECT id, application_id, rejected_at, state, interview_id, contact_id, "
            "after_interview FROM threads WHERE state NOT IN :closed"
        ).bindparams(sa.bindparam("closed", expanding=True)),
        {"closed": closed},
    ).all()
    known = {s.value for s in ThreadState}
    due: list[dict[str, object]] = []
    for row in threads:
        if row.state not in known:
            continue  # a state this version does not know has no step to offer
        steps = bind.execute(
            sa.text(
                "SELECT event, from_state, to_state, at, message_id, note FROM transitions "
                "WHERE thread_id = :id ORDER BY seq"
            ),
            {"id": row.id},
        ).all()
        thread = FeedbackThread(
            id=row.id,
            application_id=row.application_id,
            rejected_at=_when(row.rejected_at),
            state=ThreadState(row.state),
            interview_id=row.interview_id,
            contact_id=row.contact_id,
            after_interview=None if row.after_interview is None else bool(row.after_interview),
            transitions=[
                Transition(s.event, s.from_state, s.to_state, _when(s.at), s.message_id, s.note)
                for s in steps
            ],
        )
        step = step_due(thread)
        if step is not None:
            due.append({"id": row.id, "due": step.due, "optional": step.optional})
    if due:
        update = sa.text(
            "UPDATE threads SET due_at = :due, due_optional = :optional WHERE id = :id"
        ).bindparams(  # typed: SQLite keeps times in the text form the tables' reads expect
            sa.bindparam("due", type_=sa.DateTime()), sa.bindparam("optional", type_=sa.Boolean())
        )
        bind.execute(update, due)


def downgrade() -> None:
    with op.batch_alter_table("threads") as batch:
        batch.drop_index("ix_threads_due")
        batch.drop_column("due_optional")
        batch.drop_column("due_at")
