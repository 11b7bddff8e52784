"""message keys: each imported message's key claimed once, whatever the source

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BACKFILL = """
INSERT INTO mail_keys (message_key, source, created_at)
SELECT message_key, MIN(source), MIN(created_at) FROM mail_ledger
WHERE message_key <> '' AND status <> 'failed'
GROUP BY message_key
"""


def upgrade() -> None:
    op.create_table(
        "mail_keys",
        sa.Column("message_key", sa.String(length=500), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("message_key"),
    )
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_table("mail_keys")
