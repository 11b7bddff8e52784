"""lessons: one per point, strengthened when raised again; strengths are kept

Revision ID: 0004
Revises: 0003

A lesson remembers each time its point was raised (``sightings``), so the same
point from another interviewer strengthens it instead of duplicating it. A
weakness is open, practising or resolved ("addressed" is now "resolved"); a
strength is "kept", since it has nothing to resolve.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lessons") as batch:
        batch.add_column(sa.Column("sightings", sa.JSON(), nullable=False, server_default="[]"))
    op.execute("UPDATE lessons SET status = 'resolved' WHERE status = 'addressed'")
    op.execute("UPDATE lessons SET status = 'kept' WHERE polarity = 'strength'")


def downgrade() -> None:
    op.execute("UPDATE lessons SET status = 'open' WHERE status = 'kept'")
    op.execute("UPDATE lessons SET status = 'addressed' WHERE status = 'resolved'")
    with op.batch_alter_table("lessons") as batch:
        batch.drop_column("sightings")
