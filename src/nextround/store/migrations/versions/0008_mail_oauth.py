"""mail_accounts: how each account signs in (a password, or OAuth2 with a provider)

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mail_accounts") as batch:
        batch.add_column(
            sa.Column("sign_in", sa.String(length=20), nullable=False, server_default="password")
        )


def downgrade() -> None:
    with op.batch_alter_table("mail_accounts") as batch:
        batch.drop_column("sign_in")
