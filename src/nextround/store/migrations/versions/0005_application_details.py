"""applications: the job advert's address, the location and the salary

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("job_url", sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("location", sa.String(length=200), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("salary", sa.String(length=100), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("salary")
        batch.drop_column("location")
        batch.drop_column("job_url")
