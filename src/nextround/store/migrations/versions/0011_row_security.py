"""row-level security on PostgreSQL: a second line of isolation between users

Each table whose rows belong to a user lets a role that does not own it see
and write only the rows of the user the transaction is for, named by the
setting ``nextround.user_id`` (``Database.unit`` sets it with ``SET LOCAL``,
through ``set_config(..., true)``, whenever a user scope is active). A
transaction without it sees no such rows at all. The tables' owner (the role
that runs migrations, the local app) is not bound: PostgreSQL applies these
policies only to the role a multi-user server connects as (docs/deploy.md).
SQLite has nothing of the kind; nothing changes there.

Revision ID: 0011
Revises: 0010
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

OWNED = ("applications", "contacts", "interviews", "threads", "messages", "lessons")
USER = "NULLIF(current_setting('nextround.user_id', true), '')::integer"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in OWNED:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {table}_of_the_user ON {table} "
            f"USING (owner_id = {USER}) WITH CHECK (owner_id = {USER})"
        )
    # a coach's comment belongs to the student; the coach who wrote it may add it
    op.execute("ALTER TABLE lesson_comments ENABLE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY lesson_comments_of_the_user ON lesson_comments "
        f"USING (owner_id = {USER} OR coach_id = {USER}) "
        f"WITH CHECK (coach_id = {USER} AND EXISTS (SELECT 1 FROM coach_shares s "
        "WHERE s.student_id = lesson_comments.owner_id AND s.coach_id = lesson_comments.coach_id))"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in (*OWNED, "lesson_comments"):
        op.execute(f"DROP POLICY IF EXISTS {table}_of_the_user ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
