"""coaches with consent: who shares their work with which coach, and coaches' comments

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # one row while a student lets a coach read their work; revoking deletes it
    op.create_table(
        "coach_shares",
        sa.Column(
            "student_id",
            sa.Integer(),
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "coach_id",
            sa.Integer(),
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_coach_shares_coach_id", "coach_shares", ["coach_id"])
    # a coach's comment on one of a student's lessons; the row belongs to the student
    op.create_table(
        "lesson_comments",
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
            "lesson_id",
            sa.Integer(),
            sa.ForeignKey("lessons.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_lesson_comments_lesson_id", "lesson_comments", ["lesson_id"])
    op.create_index("ix_lesson_comments_owner_id", "lesson_comments", ["owner_id"])


def downgrade() -> None:
    op.drop_index("ix_lesson_comments_owner_id", table_name="lesson_comments")
    op.drop_index("ix_lesson_comments_lesson_id", table_name="lesson_comments")
    op.drop_table("lesson_comments")
    op.drop_index("ix_coach_shares_coach_id", table_name="coach_shares")
    op.drop_table("coach_shares")
