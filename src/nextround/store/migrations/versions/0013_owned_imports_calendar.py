"""row owners for tracker import keys, the calendar's record and imported invitations

On a multi-user server each person imports trackers, exports a calendar and
imports invitations of their own. The three tables keyed by a text (an
import key, an event UID) get the ``owner_id`` the other owned tables have
(NULL: the one local user; existing rows keep NULL, so a local database
behaves as before). A server row's key carries its owner
(``user:<id>:<key>``, as the per-user meta keys do), so the primary key is
unique per owner: two people importing the same file, or invited to the same
event, each get their own row. Row-level security binds them like 0011.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TABLES = ("import_keys", "calendar_events", "interview_invitations")
USER = "NULLIF(current_setting('nextround.user_id', true), '')::integer"


def upgrade() -> None:
    # batch mode: SQLite rebuilds each table to add the reference (rows stay, owner NULL)
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column(
                    "owner_id",
                    sa.Integer(),
                    sa.ForeignKey("users.id", name=f"fk_{table}_owner_id", ondelete="CASCADE"),
                    nullable=True,
                )
            )
            batch.create_index(f"ix_{table}_owner_id", ["owner_id"])
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {table}_of_the_user ON {table} "
            f"USING (owner_id = {USER}) WITH CHECK (owner_id = {USER})"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP POLICY IF EXISTS {table}_of_the_user ON {table}")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_owner_id")
            batch.drop_constraint(f"fk_{table}_owner_id", type_="foreignkey")
            batch.drop_column("owner_id")
