"""applications: the history of their status, and where imported ones came from

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=False, server_default=""),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_status_changes_application_id", "status_changes", ["application_id"], unique=False
    )
    op.create_table(
        "import_keys",
        sa.Column("key", sa.String(length=500), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index(
        "ix_import_keys_application_id", "import_keys", ["application_id"], unique=False
    )
    # every application already on file starts its history where it stands today
    op.execute(
        "INSERT INTO status_changes (application_id, at, from_status, to_status) "
        "SELECT id, COALESCE(applied_on, created_at), '', status FROM applications"
    )


def downgrade() -> None:
    op.drop_index("ix_import_keys_application_id", table_name="import_keys")
    op.drop_table("import_keys")
    op.drop_index("ix_status_changes_application_id", table_name="status_changes")
    op.drop_table("status_changes")
