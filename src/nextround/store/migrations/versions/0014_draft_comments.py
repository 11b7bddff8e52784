"""coaches' comments on a student's drafts

A coach who has a student's consent may comment on the draft the student is
about to send on a feedback thread (the request, a follow-up, a probe, the
thanks, a re-pitch, a close), as on a lesson (0010). The comment names the
thread and the step; it belongs to the student and goes with the thread.
Row-level security binds it like ``lesson_comments`` (0011): the student and
the coach who wrote it see it, and only a coach the student shares with may
add one.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

USER = "NULLIF(current_setting('nextround.user_id', true), '')::integer"


def upgrade() -> None:
    op.create_table(
        "draft_comments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "owner_id",
            sa.Integer(),
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "coach_id",
            sa.Integer(),
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "thread_id",
            sa.Integer(),
            sa.ForeignKey("threads.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("step", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_draft_comments_thread_id", "draft_comments", ["thread_id"])
    op.create_index("ix_draft_comments_owner_id", "draft_comments", ["owner_id"])
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE draft_comments ENABLE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY draft_comments_of_the_user ON draft_comments "
        f"USING (owner_id = {USER} OR coach_id = {USER}) "
        f"WITH CHECK (coach_id = {USER} AND EXISTS (SELECT 1 FROM coach_shares s "
        "WHERE s.student_id = draft_comments.owner_id AND s.coach_id = draft_comments.coach_id))"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY IF EXISTS draft_comments_of_the_user ON draft_comments")
    op.drop_index("ix_draft_comments_owner_id", table_name="draft_comments")
    op.drop_index("ix_draft_comments_thread_id", table_name="draft_comments")
    op.drop_table("draft_comments")
